import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '@billing/kernel';
import { encodePageCursor, mintToken } from '@billing/platform';
import { createEmbeddedSystem, type EmbeddedSystem } from '../src/embedded-system';

jest.setTimeout(300_000);

const jwtSecret = 'embedded-lists-test-secret-of-32-chars';

type Page = { items: Array<Record<string, unknown>>; next: string | null };

/**
 * The lists of issue 16 on the embedded system (`npm start`: PGlite, every service in one
 * process), with data made through the services' own routes: billing accounts (name prefix,
 * status, verification, hold, currency; erased accounts not found by name), credit notes,
 * payments and disputes, each filter, each list's cursor walk, and hostile query strings.
 */
describe('lists and search on the embedded system (PGlite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-lists-'));
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const tag = randomBytes(4).toString('hex');
  let system: EmbeddedSystem;
  const tokens: Record<'clerk' | 'maker' | 'checker', string> = {
    clerk: '',
    maker: '',
    checker: '',
  };
  const accounts: Record<string, string> = {};
  const invoices: Record<string, string> = {};
  const creditNotes: Record<string, { creditNoteId: string; number: string | null }> = {};
  const payments: Record<string, string> = {};
  const disputes: Record<string, string> = {};

  const http = () => request(system.app.getHttpServer());
  const post = async (url: string, body: object, who: keyof typeof tokens = 'clerk') => {
    const answer = await http()
      .post(url)
      .set('Authorization', `Bearer ${tokens[who]}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
    if (answer.status >= 300)
      throw new Error(`${url} ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, unknown>;
  };
  const get = (url: string) => http().get(url).set('Authorization', `Bearer ${tokens.clerk}`);
  const list = async (url: string): Promise<Page> => {
    const answer = await get(url);
    if (answer.status !== 200)
      throw new Error(`${url} ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Page;
  };
  /** The names (keys of `names`) of every item of the list, in its order. */
  const namesIn = async (url: string, names: Record<string, string>, idField: string) => {
    const page = await list(`${url}${url.includes('?') ? '&' : '?'}limit=200`);
    return page.items.map(
      (item) => Object.keys(names).find((name) => names[name] === item[idField]) ?? 'other',
    );
  };
  async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const value = await probe();
      if (ok(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return probe();
  }
  /** Follows `next` from the first page to the last; `between` runs after the first page. */
  async function walk(url: string, between: () => Promise<void> = async () => undefined) {
    const seen: Array<Record<string, unknown>> = [];
    let page = await list(url);
    seen.push(...page.items);
    await between();
    while (page.next) {
      page = await list(`${url}&cursor=${page.next}`);
      seen.push(...page.items);
    }
    return seen;
  }

  async function openAccount(name: string, legalName: string, overrides: object = {}) {
    const body = await post('/invoicing/billing-accounts', {
      legalName,
      billingContactName: 'Jane Doe',
      email: `ap.${name}.${tag}@example.com`,
      address: {
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '62701',
        region: 'IL',
        country: 'US',
      },
      country: 'US',
      taxId: '12-3456789',
      currency: 'USD',
      paymentTermsDays: 30,
      purchaseOrderRequired: false,
      ...overrides,
    });
    accounts[name] = body['billingAccountId'] as string;
    return accounts[name] as string;
  }
  async function issue(name: string, account: string, currency: string, unitPrice: string) {
    const drafted = await post('/invoicing/invoices', {
      billingAccountId: account,
      currency,
      lines: [{ description: 'Consulting', quantity: '1', unitPrice, taxRate: '0' }],
    });
    invoices[name] = drafted['invoiceId'] as string;
    await post(`/invoicing/invoices/${invoices[name]}/issue`, {});
  }

  beforeAll(async () => {
    system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock,
      env: { LOG_LEVEL: 'silent', INVOICING_CREDIT_NOTE_APPROVAL_THRESHOLD: '1000.00' },
    });
    tokens.clerk = await mintToken({
      sub: 'clerk-1',
      roles: ['billing-clerk'],
      secret: jwtSecret,
      ttl: 900,
    });
    tokens.maker = await mintToken({
      sub: 'manager-1',
      roles: ['billing-manager'],
      secret: jwtSecret,
      ttl: 900,
    });
    tokens.checker = await mintToken({
      sub: 'manager-2',
      roles: ['billing-manager'],
      secret: jwtSecret,
      ttl: 900,
    });
  });
  afterAll(async () => {
    await system?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('billing accounts', () => {
    beforeAll(async () => {
      for (const [name, legalName, overrides] of [
        ['acme', 'Acme Manufacturing Inc.', {}],
        ['acmeLabs', 'ACME Labs GmbH', { currency: 'EUR' }],
        ['closed', 'Closing Time Inc', {}],
        ['erased', `Brackwater ${tag} Cooperative`, {}],
        ['aerzte', 'Ärztekammer Nord eG', { currency: 'EUR' }],
      ] as const) {
        await openAccount(name, legalName, overrides);
        await post(`/invoicing/billing-accounts/${accounts[name]}/verification`, {});
      }
      await openAccount('zenith', 'Zenith Pending Co');
      await post(
        `/invoicing/billing-accounts/${accounts['zenith']}/credit-hold`,
        { reason: 'Cheque bounced twice' },
        'maker',
      );
      await openAccount('faulty', 'Faulty Details LLC', { taxId: 'ABC' });
      const failed = await post(
        `/invoicing/billing-accounts/${accounts['faulty']}/verification`,
        {},
      );
      expect(failed['verified']).toBe(false);
      await post(
        `/invoicing/billing-accounts/${accounts['closed']}/close`,
        { reason: 'Customer left' },
        'maker',
      );
      await post(
        `/invoicing/billing-accounts/${accounts['erased']}/erasure`,
        { reason: 'GDPR art. 17 request' },
        'maker',
      );
      await post(
        `/invoicing/billing-accounts/${accounts['erased']}/erasure/approve`,
        {},
        'checker',
      );
      await eventually(
        () => list(`/invoicing/billing-accounts?namePrefix=Brackwater%20${tag}`),
        (page) => page.items.length === 0,
      );
    });
    const url = '/invoicing/billing-accounts';
    const names = (query: string) => namesIn(`${url}?${query}`, accounts, 'billingAccountId');

    it('finds accounts by name prefix, ignoring case, in name order', async () => {
      expect(await names('namePrefix=acme')).toEqual(['acmeLabs', 'acme']);
      expect(await names('namePrefix=ACME%20m')).toEqual(['acme']);
      expect(await names('namePrefix=Zen')).toEqual(['zenith']);
      expect(await names(`namePrefix=${encodeURIComponent('ärzte')}`)).toEqual(['aerzte']);
      expect(await names(`namePrefix=${encodeURIComponent('ÄRZTEKAMMER N')}`)).toEqual(['aerzte']);
      // LIKE's wildcards are plain characters in a prefix.
      expect(await names('namePrefix=%25')).toEqual([]);
      expect(await names('namePrefix=_')).toEqual([]);
      const page = await list(`${url}?namePrefix=acme%20labs`);
      expect(page.items).toEqual([
        {
          billingAccountId: accounts['acmeLabs'],
          legalName: 'ACME Labs GmbH',
          currency: 'EUR',
          status: 'open',
          verification: 'verified',
          onHold: false,
          paymentTermsDays: 30,
        },
      ]);
    });

    it('records each account a page showed in the access log, as read by the caller', async () => {
      await list(`${url}?namePrefix=acme%20labs`);
      const auditor = await mintToken({
        sub: 'auditor-1',
        roles: ['auditor'],
        secret: jwtSecret,
        ttl: 600,
      });
      const log = await http()
        .get(`/ledger/accounts/${accounts['acmeLabs']}/access-log`)
        .set('Authorization', `Bearer ${auditor}`);
      expect(log.status).toBe(200);
      expect(log.body.entries).toContainEqual(
        expect.objectContaining({
          subject: 'clerk-1',
          operation: 'GET /invoicing/billing-accounts',
        }),
      );
      // An account the page did not show was not read.
      const other = await http()
        .get(`/ledger/accounts/${accounts['faulty']}/access-log`)
        .set('Authorization', `Bearer ${auditor}`);
      expect(
        other.body.entries.filter(
          (e: { operation: string }) => e.operation === 'GET /invoicing/billing-accounts',
        ),
      ).toHaveLength(0);
    });

    it('never finds an erased account by its old name, and lists it as [erased]', async () => {
      expect(await names(`namePrefix=Brackwater`)).toEqual([]);
      expect(await names(`namePrefix=brackwater%20${tag}`)).toEqual([]);
      const all = await list(`${url}?limit=200`);
      const erased = all.items.find((item) => item['billingAccountId'] === accounts['erased']);
      expect(erased?.['legalName']).toBe('[erased]');
      expect(JSON.stringify(all)).not.toContain(`Brackwater ${tag}`);
      // Nor by the marker that replaced it.
      expect(await names('namePrefix=%5Berased')).toEqual([]);
    });

    it('filters by status, verification state, credit hold and currency', async () => {
      expect(await names('status=closed')).toEqual(['closed']);
      expect(await names('verification=failed')).toEqual(['faulty']);
      expect(await names('verification=pending')).toEqual(['zenith']);
      expect((await names('verification=verified')).sort()).toEqual(
        ['acme', 'acmeLabs', 'aerzte', 'closed', 'erased'].sort(),
      );
      expect(await names('onHold=true')).toEqual(['zenith']);
      expect(await names('currency=EUR')).toEqual(['acmeLabs', 'aerzte']);
      expect(await names('status=open&verification=verified&namePrefix=a')).toEqual([
        'acmeLabs',
        'acme',
      ]);
    });

    it('pages by cursor without a name in the cursor, each account once while accounts are opened', async () => {
      const before = (await list(`${url}?limit=200`)).items.map((item) => item['billingAccountId']);
      const firstPage = await list(`${url}?limit=2`);
      const cursor = Buffer.from(firstPage.next ?? '', 'base64url').toString('utf8');
      expect(cursor.toLowerCase()).not.toContain('acme');
      const seen = await walk(`${url}?limit=2`, async () => {
        await openAccount('aardvark', 'Aardvark Early Ltd'); // sorts before the cursor
        await openAccount('zulu', 'Zulu Late Ltd'); // sorts after it
      });
      const ids = seen.map((item) => item['billingAccountId']);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of before) expect(ids).toContain(id);
      expect(ids).toContain(accounts['zulu']);
      const keys = seen.map((item) => `${String(item['legalName']).toLowerCase()}`);
      expect(keys).toEqual([...keys].sort());
    });

    it('answers mistaken query strings with 400 naming the parameter', async () => {
      await expectRefused(url, [
        ['namePrefix=%20', 'namePrefix'],
        ['verification=maybe', 'verification'],
        ['status=archived', 'status'],
        ['onHold=yes', 'onHold'],
        ['email=a%40b.example', 'email'],
        [`cursor=${encodePageCursor('invoices', ['2026-01-01', randomUUID()])}`, 'cursor'],
        ['limit=500', 'limit'],
      ]);
    });
  });

  describe('credit notes, payments and disputes', () => {
    beforeAll(async () => {
      await openAccount('usd', 'Usd Trading Ltd');
      await openAccount('eur', 'Eur Trading GmbH', { currency: 'EUR' });
      for (const name of ['usd', 'eur'])
        await post(`/invoicing/billing-accounts/${accounts[name]}/verification`, {});
      await issue('small', accounts['usd'] ?? '', 'USD', '100.00');
      await issue('large', accounts['usd'] ?? '', 'USD', '5000.00');
      await issue('medium', accounts['usd'] ?? '', 'USD', '2000.00');
      await issue('euro', accounts['eur'] ?? '', 'EUR', '50.00');
    });

    describe('credit notes', () => {
      const url = '/invoicing/credit-notes';
      const names = (query: string) =>
        namesIn(
          `${url}?${query}`,
          Object.fromEntries(Object.entries(creditNotes).map(([k, v]) => [k, v.creditNoteId])),
          'creditNoteId',
        );
      beforeAll(async () => {
        const credit = async (name: string, invoice: string, body: object) => {
          const answer = await post(
            `/invoicing/invoices/${invoices[invoice]}/credit-notes`,
            body,
            'maker',
          );
          creditNotes[name] = {
            creditNoteId: answer['creditNoteId'] as string,
            number: answer['number'] as string | null,
          };
        };
        await credit('goodwill', 'small', { scope: 'amount', amount: '20.00', reason: 'goodwill' });
        await credit('pending', 'large', { scope: 'whole', reason: 'billing_error' });
        await credit('rejected', 'medium', { scope: 'whole', reason: 'billing_error' });
        await post(
          `/invoicing/invoices/${invoices['medium']}/credit-notes/${creditNotes['rejected']?.creditNoteId}/reject`,
          { reason: 'The price was agreed' },
          'checker',
        );
        await credit('euro', 'euro', { scope: 'amount', amount: '5.00', reason: 'goodwill' });
        await eventually(
          () => list(`${url}?limit=200`),
          (page) => page.items.length === 4 && page.items.some((i) => i['status'] === 'rejected'),
        );
      });

      it('lists issued notes by issue date, then the unissued ones, with amounts as decimal strings', async () => {
        const page = await list(`${url}?invoiceId=${invoices['small']}`);
        expect(page.items).toEqual([
          {
            creditNoteId: creditNotes['goodwill']?.creditNoteId,
            invoiceId: invoices['small'],
            billingAccountId: accounts['usd'],
            number: creditNotes['goodwill']?.number,
            status: 'issued',
            currency: 'USD',
            amount: '20.00',
            netAmount: '20.00',
            taxAmount: '0.00',
            reason: 'goodwill',
            disputeId: null,
            issueDate: '2026-03-02',
            requestedAt: null,
          },
        ]);
        expect(page.next).toBeNull();
      });

      it('filters by status, invoice, account, reason, currency, number and issue dates', async () => {
        expect(await names('status=pending_approval')).toEqual(['pending']);
        expect(await names('status=rejected')).toEqual(['rejected']);
        expect((await names('status=issued')).sort()).toEqual(['euro', 'goodwill']);
        expect(await names(`invoiceId=${invoices['large']}`)).toEqual(['pending']);
        expect(await names(`billingAccountId=${accounts['eur']}`)).toEqual(['euro']);
        expect(await names('reason=billing_error')).toHaveLength(2);
        expect(await names('currency=EUR')).toEqual(['euro']);
        expect(await names(`number=${creditNotes['goodwill']?.number}`)).toEqual(['goodwill']);
        expect((await names('issueDateFrom=2026-03-02&issueDateTo=2026-03-02')).sort()).toEqual([
          'euro',
          'goodwill',
        ]);
        expect(await names('issueDateFrom=2026-03-03')).toEqual([]);
      });

      it('shows an approved note as issued, with its number', async () => {
        const approved = await post(
          `/invoicing/invoices/${invoices['large']}/credit-notes/${creditNotes['pending']?.creditNoteId}/approve`,
          {},
          'checker',
        );
        const page = await eventually(
          () => list(`${url}?invoiceId=${invoices['large']}`),
          (p) => p.items[0]?.['status'] === 'issued',
        );
        expect(page.items[0]).toMatchObject({
          status: 'issued',
          number: approved['number'],
          amount: '5000.00',
        });
        const walked = await walk(`${url}?limit=1`);
        expect(walked.map((i) => i['creditNoteId']).sort()).toEqual(
          Object.values(creditNotes)
            .map((c) => c.creditNoteId)
            .sort(),
        );
      });

      it('answers mistaken query strings with 400 naming the parameter', async () => {
        await expectRefused(url, [
          ['status=draft', 'status'],
          ['reason=because', 'reason'],
          ['invoiceId=00000000-0000-0000-0000-000000000000', 'invoiceId'],
          ['issueDateFrom=2026-03-05&issueDateTo=2026-03-01', 'issueDateTo'],
          ['cursor=eyJsIjoiY3JlZGl0LW5vdGVzIn0', 'cursor'],
        ]);
      });
    });

    describe('payments', () => {
      const url = '/payments/payments';
      const names = (query: string) => namesIn(`${url}?${query}`, payments, 'paymentId');
      beforeAll(async () => {
        await eventually(
          () => get(`/payments/billing-accounts/${accounts['usd']}/payments`),
          (r) => r.body.openInvoices?.length >= 1,
        );
        const pay = async (
          name: string,
          account: string,
          currency: string,
          amount: string,
          externalReference: string,
          receivedDate: string,
        ) => {
          const body = await post('/payments/payments', {
            billingAccountId: accounts[account],
            amount,
            currency,
            method: currency === 'EUR' ? 'direct_debit' : 'bank_transfer',
            externalReference,
            receivedDate,
          });
          payments[name] = body['paymentId'] as string;
        };
        await pay('feb27', 'usd', 'USD', '30.00', `WIRE-${tag}-1`, '2026-02-27');
        await pay('mar01', 'usd', 'USD', '40.00', `WIRE-${tag}-2`, '2026-03-01');
        await pay('euro', 'eur', 'EUR', '10.00', `SEPA-${tag}-3`, '2026-03-02');
        await post(
          `/payments/payments/${payments['mar01']}/reverse`,
          { reason: 'Returned by the bank' },
          'maker',
        );
      });

      it('lists payments by received date, amounts as decimal strings', async () => {
        expect(await names('')).toEqual(['feb27', 'mar01', 'euro']);
        const page = await list(`${url}?reference=WIRE-${tag}-1`);
        expect(page.items[0]).toMatchObject({
          paymentId: payments['feb27'],
          billingAccountId: accounts['usd'],
          currency: 'USD',
          amount: '30.00',
          status: 'received',
          method: 'bank_transfer',
          externalReference: `WIRE-${tag}-1`,
          receivedDate: '2026-02-27',
        });
        expect(typeof page.items[0]?.['unapplied']).toBe('string');
      });

      it('filters by account, received date range, reference, status, currency and method', async () => {
        expect(await names(`billingAccountId=${accounts['eur']}`)).toEqual(['euro']);
        expect(await names('receivedDateFrom=2026-03-01')).toEqual(['mar01', 'euro']);
        expect(await names('receivedDateTo=2026-02-28')).toEqual(['feb27']);
        expect(await names('receivedDateFrom=2026-03-01&receivedDateTo=2026-03-01')).toEqual([
          'mar01',
        ]);
        expect(await names(`reference=SEPA-${tag}-3`)).toEqual(['euro']);
        expect(await names(`reference=SEPA-${tag}`)).toEqual([]);
        expect(await names('status=reversed')).toEqual(['mar01']);
        expect(await names('status=received')).toEqual(['feb27', 'euro']);
        expect(await names('currency=EUR')).toEqual(['euro']);
        expect(await names('method=direct_debit')).toEqual(['euro']);
        const walked = await walk(`${url}?limit=1`);
        expect(walked.map((p) => p['paymentId'])).toEqual([
          payments['feb27'],
          payments['mar01'],
          payments['euro'],
        ]);
      });

      it('answers mistaken query strings with 400 naming the parameter', async () => {
        await expectRefused(
          url,
          [
            ['status=pending', 'status'],
            ['receivedDateFrom=2026-13-01', 'receivedDateFrom'],
            ['receivedDateFrom=2026-03-02&receivedDateTo=2026-03-01', 'receivedDateTo'],
            ['reference=4111%201111%201111%201111', 'reference'],
            ['unapplied=1', 'unapplied'],
            ['sort=amount', 'sort'],
          ],
          [422, 400],
        );
      });
    });

    describe('disputes', () => {
      const url = '/disputes/disputes';
      const names = (query: string) => namesIn(`${url}?${query}`, disputes, 'disputeId');
      beforeAll(async () => {
        for (const invoice of ['euro', 'medium', 'small'])
          await eventually(
            () => get(`/disputes/invoices/${invoices[invoice]}`),
            (r) => r.status === 200,
          );
        const open = async (name: string, invoice: string, amount: string) => {
          clock.advanceMs(60_000);
          const body = await post('/disputes/disputes', {
            invoiceId: invoices[invoice],
            scope: 'amount',
            amount,
            reasonCategory: 'pricing_error',
            customerStatement: 'The rate is not the one we agreed',
          });
          disputes[name] = body['disputeId'] as string;
        };
        await open('euro', 'euro', '10.00');
        await open('assigned', 'medium', '100.00');
        await open('withdrawn', 'small', '5.00');
        await post(`/disputes/disputes/${disputes['assigned']}/assignment`, {
          owner: 'dana',
          department: 'finance',
        });
        await post(`/disputes/disputes/${disputes['withdrawn']}/withdrawal`, {});
        await eventually(
          () => list(`${url}?status=withdrawn`),
          (page) => page.items.length === 1,
        );
      });

      it('lists disputes oldest opened first, with their owner', async () => {
        expect(await names('')).toEqual(['euro', 'assigned', 'withdrawn']);
        const page = await list(`${url}?owner=dana`);
        expect(page.items[0]).toMatchObject({
          disputeId: disputes['assigned'],
          invoiceId: invoices['medium'],
          billingAccountId: accounts['usd'],
          status: 'open',
          amount: '100.00',
          currency: 'USD',
          owner: 'dana',
          department: 'finance',
        });
      });

      it('filters by status, owner (assignee) or none, invoice, account and department', async () => {
        expect(await names('status=open')).toEqual(['euro', 'assigned']);
        expect(await names('status=withdrawn')).toEqual(['withdrawn']);
        expect(await names('owner=dana')).toEqual(['assigned']);
        expect(await names('owner=nobody')).toEqual([]);
        expect(await names('status=open&unassigned=true')).toEqual(['euro']);
        expect(await names(`invoiceId=${invoices['small']}`)).toEqual(['withdrawn']);
        expect(await names(`billingAccountId=${accounts['usd']}`)).toEqual([
          'assigned',
          'withdrawn',
        ]);
        expect(await names('department=finance')).toEqual(['assigned']);
        const walked = await walk(`${url}?limit=2`);
        expect(walked.map((d) => d['disputeId'])).toEqual([
          disputes['euro'],
          disputes['assigned'],
          disputes['withdrawn'],
        ]);
      });

      it('answers mistaken query strings with 400 naming the parameter', async () => {
        await expectRefused(url, [
          ['status=closed', 'status'],
          ['department=legal', 'department'],
          ['assignee=dana', 'assignee'],
          ['limit=0', 'limit'],
          [`cursor=${encodePageCursor('payments', ['2026-03-01', randomUUID()])}`, 'cursor'],
        ]);
      });
    });
  });

  async function expectRefused(url: string, cases: Array<[string, string]>, statuses = [400]) {
    for (const [query, field] of cases) {
      const answer = await get(`${url}?${query}`);
      expect({ query, refused: statuses.includes(answer.status) }).toEqual({
        query,
        refused: true,
      });
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect({ query, fields: answer.body.errors?.map((e: { field: string }) => e.field) }).toEqual(
        {
          query,
          fields: expect.arrayContaining([field]),
        },
      );
    }
  }
});
