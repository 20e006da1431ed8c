import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { PaymentEvent } from '@billing/contracts';
import { encodePageCursor } from '@billing/platform';
import { accountBody, get, post, verifiedAccount, waitFor } from './support/fixtures';
import { startOnPglite, startOnPostgres, type ListTestBackend } from './support/list-test-backends';
import { publishAsPayments } from './support/payments-events';

jest.setTimeout(180_000);

interface Item {
  invoiceId: string;
  number: string | null;
  status: string;
  dueDate: string | null;
  issueDate: string | null;
  total: string;
  amountOpen: string | null;
  currency: string;
}

/**
 * `GET /invoicing/invoices` as a coordinator uses it, on the embedded storage (PGlite) and on
 * PostgreSQL: every filter, pages that follow `next` while invoices are being issued, and
 * hostile query strings answered 400 naming the parameter.
 */
describe.each([
  ['PGlite (embedded)', startOnPglite],
  ['PostgreSQL', startOnPostgres],
])('listing invoices on %s', (_backendName, start) => {
  let backend: ListTestBackend;
  let clerk: string;
  let manager: string;
  let usd: string;
  let eur: string;
  const invoices: Record<string, { invoiceId: string; number: string | null }> = {};

  const app = () => backend.app;
  const list = async (query: string) => {
    const answer = await get(app(), clerk, `/invoicing/invoices?${query}`);
    if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { items: Item[]; next: string | null };
  };
  const ids = async (query: string) => (await list(`${query}&limit=200`)).items.map(nameOf);
  const nameOf = (item: Item) =>
    Object.keys(invoices).find((name) => invoices[name]?.invoiceId === item.invoiceId) ?? '?';

  async function draft(accountId: string, currency: string, unitPrice: string) {
    const drafted = await post(app(), clerk, '/invoicing/invoices', {
      billingAccountId: accountId,
      currency,
      purchaseOrderNumber: 'PO-1',
      lines: [{ description: 'Service', quantity: '1', unitPrice, taxRate: '0' }],
    });
    if (drafted.status !== 201) throw new Error(`draft ${JSON.stringify(drafted.body)}`);
    return drafted.body.invoiceId as string;
  }
  async function issue(name: string, accountId: string, currency: string, unitPrice: string) {
    const invoiceId = await draft(accountId, currency, unitPrice);
    const issued = await post(app(), clerk, `/invoicing/invoices/${invoiceId}/issue`, {});
    if (issued.status !== 200) throw new Error(`issue ${JSON.stringify(issued.body)}`);
    invoices[name] = { invoiceId, number: issued.body.number as string };
  }

  beforeAll(async () => {
    backend = await start();
    clerk = await backend.token(['billing-clerk']);
    manager = await backend.token(['billing-manager'], 'manager-1');
    usd = await verifiedAccount(app(), clerk, { legalName: 'Lists Dollar Ltd' });
    eur = await verifiedAccount(app(), clerk, {
      ...accountBody({ legalName: 'Lists Euro GmbH', currency: 'EUR', paymentTermsDays: 14 }),
    });
    // 2 March: two invoices due 1 April.
    await issue('march2a', usd, 'USD', '100.00');
    await issue('march2b', usd, 'USD', '200.00');
    // 10 March: due 9 April (USD, 30 days) and 24 March (EUR, 14 days); one voided; one draft.
    backend.clock.set('2026-03-10T09:00:00Z');
    await issue('march10', usd, 'USD', '300.00');
    await issue('euro', eur, 'EUR', '50.00');
    await issue('voided', usd, 'USD', '400.00');
    const voided = await post(
      app(),
      manager,
      `/invoicing/invoices/${invoices['voided']?.invoiceId}/void`,
      {
        reason: 'Sent to the wrong customer',
      },
    );
    expect(voided.status).toBe(200);
    invoices['draft'] = { invoiceId: await draft(usd, 'USD', '10.00'), number: null };
    // 20 March: due 19 April.
    backend.clock.set('2026-03-20T09:00:00Z');
    await issue('march20', usd, 'USD', '500.00');
    await payInFull(backend, usd, invoices['march2a']?.invoiceId ?? '', '100.00');
    await waitFor(
      () => list('status=paid'),
      (page) => page.items.length === 1,
    );
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('lists every invoice by due date then id, drafts last, money as decimal strings', async () => {
    const page = await list('limit=200');
    const march2 = [invoices['march2a'], invoices['march2b']].map((i) => i?.invoiceId ?? '').sort();
    expect(page.items.map((i) => i.invoiceId)).toEqual([
      invoices['euro']?.invoiceId,
      ...march2,
      ...[invoices['march10'], invoices['voided']].map((i) => i?.invoiceId ?? '').sort(),
      invoices['march20']?.invoiceId,
      invoices['draft']?.invoiceId,
    ]);
    expect(page.next).toBeNull();
    const march10 = page.items.find((i) => i.invoiceId === invoices['march10']?.invoiceId);
    expect(march10).toEqual({
      invoiceId: invoices['march10']?.invoiceId,
      billingAccountId: usd,
      number: invoices['march10']?.number,
      status: 'issued',
      currency: 'USD',
      total: '300.00',
      amountOpen: '300.00',
      issueDate: '2026-03-10',
      dueDate: '2026-04-09',
      purchaseOrderNumber: 'PO-1',
    });
  });

  it('filters by account, status, currency and number', async () => {
    expect(await ids(`billingAccountId=${eur}`)).toEqual(['euro']);
    expect(await ids('status=voided')).toEqual(['voided']);
    expect(await ids('status=draft')).toEqual(['draft']);
    expect(await ids('status=paid')).toEqual(['march2a']);
    expect(await ids('currency=EUR')).toEqual(['euro']);
    expect(await ids(`number=${invoices['march10']?.number}`)).toEqual(['march10']);
    expect(await ids(`billingAccountId=${usd}&status=issued&currency=USD`)).toEqual(
      expect.arrayContaining(['march2b', 'march10', 'march20']),
    );
    expect(await ids(`billingAccountId=${eur}&currency=USD`)).toEqual([]);
    // Values are parameters: text that looks like SQL is only a number nobody has.
    expect(await ids(`number=${encodeURIComponent("' OR 1=1 --")}`)).toEqual([]);
  });

  it('filters by issue date and due date ranges, both ends included', async () => {
    expect((await ids('issueDateFrom=2026-03-10&issueDateTo=2026-03-10')).sort()).toEqual(
      ['euro', 'march10', 'voided'].sort(),
    );
    expect(await ids('issueDateFrom=2026-03-11')).toEqual(['march20']);
    expect((await ids('issueDateTo=2026-03-02')).sort()).toEqual(['march2a', 'march2b']);
    expect((await ids('dueDateFrom=2026-04-01&dueDateTo=2026-04-09')).sort()).toEqual(
      ['march10', 'march2a', 'march2b', 'voided'].sort(),
    );
    // A due-date filter leaves drafts out: they are due nowhere yet.
    expect(await ids('dueDateFrom=2026-04-10')).toEqual(['march20']);
    expect(await ids('dueDateTo=2026-03-31')).toEqual(['euro']);
    // The worklist query of the benchmark: status and due-date range.
    expect(await ids('status=issued&dueDateFrom=2026-04-01&dueDateTo=2026-04-30')).toEqual(
      expect.arrayContaining(['march2b', 'march10', 'march20']),
    );
    expect(await ids('status=issued&dueDateFrom=2026-04-01&dueDateTo=2026-04-30')).toHaveLength(3);
  });

  it('follows next cursors page by page, each invoice once, in order, while invoices are issued', async () => {
    const before = (await list('limit=200')).items.map((i) => i.invoiceId);
    const seen: Item[] = [];
    let page = await list('limit=2');
    seen.push(...page.items);
    // Between pages: an invoice due after the cursor (EUR, 14 days from 25 March: 8 April) and a
    // new draft (listed last) are inserted.
    backend.clock.set('2026-03-25T09:00:00Z');
    await issue('late', eur, 'EUR', '70.00');
    invoices['late-draft'] = { invoiceId: await draft(eur, 'EUR', '5.00'), number: null };
    while (page.next) {
      page = await list(`limit=2&cursor=${page.next}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
    }
    const seenIds = seen.map((i) => i.invoiceId);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    for (const id of before) expect(seenIds).toContain(id);
    expect(seenIds).toContain(invoices['late']?.invoiceId);
    // Drafts come last (by id among themselves), the one created between pages among them.
    expect(new Set(seenIds.slice(-2))).toEqual(
      new Set([invoices['draft']?.invoiceId, invoices['late-draft']?.invoiceId]),
    );
    const keys = seen.map((i) => `${i.dueDate ?? '9999-12-31'} ${i.invoiceId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps to a filter across pages and ends with next null', async () => {
    const first = await list('currency=USD&limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.next).toEqual(expect.any(String));
    const rest = await list(`currency=USD&limit=200&cursor=${first.next}`);
    expect(rest.next).toBeNull();
    expect([...first.items, ...rest.items].every((i) => i.currency === 'USD')).toBe(true);
    expect(first.items.length + rest.items.length).toBe((await ids('currency=USD')).length);
  });

  it('answers hostile or mistaken query strings with 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['colour=red', 'colour'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1e2', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=5&limit=6', 'limit'],
      ['limit=-1', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['cursor=%2F%2F%2F', 'cursor'],
      [`cursor=${encodePageCursor('payments', ['2026-03-01', randomUUID()])}`, 'cursor'],
      [`cursor=${encodePageCursor('invoices', ['2026-03-01'])}`, 'cursor'],
      [`cursor=${'A'.repeat(2_000)}`, 'cursor'],
      ['status=unpaid', 'status'],
      // Express reads `status[]` as a parameter of that name, which no list has.
      ['status[]=issued', 'status[]'],
      ['currency=XXX', 'currency'],
      ['billingAccountId=42', 'billingAccountId'],
      ['dueDateFrom=2026-02-30', 'dueDateFrom'],
      ['issueDateFrom=yesterday', 'issueDateFrom'],
      ['dueDateFrom=2026-04-10&dueDateTo=2026-04-01', 'dueDateTo'],
      ['number=%20%20', 'number'],
    ];
    for (const [query, field] of cases) {
      const answer = await get(app(), clerk, `/invoicing/invoices?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect({ query, fields: answer.body.errors?.map((e: { field: string }) => e.field) }).toEqual(
        {
          query,
          fields: expect.arrayContaining([field]),
        },
      );
    }
    const nul = await get(app(), clerk, '/invoicing/invoices?number=INV%00');
    expect(nul.status).toBe(400);
  });

  it('asks for a reading role, as the invoice itself does', async () => {
    expect((await request(app().getHttpServer()).get('/invoicing/invoices')).status).toBe(401);
    const service = await backend.token(['service'], 'svc');
    expect((await get(app(), service, '/invoicing/invoices')).status).toBe(403);
    const auditor = await backend.token(['auditor'], 'auditor-1');
    expect((await get(app(), auditor, '/invoicing/invoices')).status).toBe(200);
  });
});

/** Payments' side: a full allocation of `amount` to the invoice (invoicing marks it paid). */
async function payInFull(
  backend: ListTestBackend,
  billingAccountId: string,
  invoiceId: string,
  amount: string,
) {
  const paymentId = randomUUID();
  const allocated: PaymentEvent = {
    type: 'PaymentAllocated',
    data: {
      paymentId,
      billingAccountId,
      currency: 'USD',
      mode: 'automatic',
      allocations: [{ allocationId: randomUUID(), invoiceId, amount }],
      unappliedAfter: '0.00',
      allocatedAt: '2026-03-20T10:00:00.000Z',
    },
  };
  await publishAsPayments(backend.store, paymentId, [allocated]);
}
