import { randomUUID } from 'node:crypto';
import { verify, type RecordedEvent } from '@billing/event-store';
import { startInvoicingTestApp, type InvoicingTestApp } from './support/invoicing-test-app';
import { get, issuedInvoice, post, verifiedAccount } from './support/fixtures';

jest.setTimeout(120_000);

/** Every stored event exactly as the store holds it (what the relay publishes). */
async function storedJson(t: InvoicingTestApp): Promise<string> {
  const events: RecordedEvent[] = [];
  for await (const { event } of t.store.readAll({ maxCount: 100_000 })) events.push(event);
  return JSON.stringify(events);
}

describe("erasing an account's personal data (crypto-shredding) over HTTP on PostgreSQL", () => {
  let t: InvoicingTestApp;
  let clerk: string;
  let maker: string;
  let checker: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startInvoicingTestApp();
    clerk = await t.token(['billing-clerk']);
    maker = await t.token(['billing-manager'], 'manager-1');
    checker = await t.token(['billing-manager'], 'manager-2');
    auditor = await t.token(['auditor'], 'auditor-1');
  });
  afterAll(() => t?.close());

  async function accountWithInvoice() {
    const tag = randomUUID().slice(0, 8);
    const personal = {
      legalName: `Quillon ${tag} GmbH`,
      billingContactName: `Ottilie ${tag}`,
      email: `ottilie.${tag}@quillon.example`,
    };
    const id = await verifiedAccount(t.app, clerk, {
      ...personal,
      address: {
        line1: `${tag} Elm Road`,
        city: 'Springfield',
        postalCode: '62701',
        region: 'IL',
        country: 'US',
      },
    });
    const invoice = await issuedInvoice(t.app, clerk, id, ['250.00', '100.00']);
    const sent = await post(t.app, clerk, `/invoicing/invoices/${invoice.invoiceId}/sent`, {
      channel: 'email',
      recipient: personal.email,
    });
    expect(sent.status).toBe(200);
    return { id, invoice, personal, tag };
  }

  it('stores names, emails and addresses only as ciphertext, while the API shows them', async () => {
    const { id, personal, tag } = await accountWithInvoice();
    const stored = await storedJson(t);
    for (const value of [...Object.values(personal), `${tag} Elm Road`])
      expect(stored).not.toContain(value);
    expect(stored).toMatch(/"legalName":"pd:v1:/);
    const account = await get(t.app, auditor, `/invoicing/billing-accounts/${id}`);
    expect(account.body).toMatchObject({ legalName: personal.legalName, email: personal.email });
  });

  it('needs a second billing manager: the requester cannot approve, a clerk cannot ask, nothing is erased before', async () => {
    const { id, personal } = await accountWithInvoice();
    expect(
      (await post(t.app, clerk, `/invoicing/billing-accounts/${id}/erasure`, { reason: 'x' }))
        .status,
    ).toBe(403);
    const early = await post(
      t.app,
      checker,
      `/invoicing/billing-accounts/${id}/erasure/approve`,
      {},
    );
    expect(early.status).toBe(409);
    expect(early.body.code ?? early.body.type).toBeDefined();
    const noReason = await post(t.app, maker, `/invoicing/billing-accounts/${id}/erasure`, {});
    expect(noReason.status).toBe(400);
    const requested = await post(t.app, maker, `/invoicing/billing-accounts/${id}/erasure`, {
      reason: 'customer request under GDPR art. 17',
    });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ status: 'erasure_requested', requestedBy: 'manager-1' });
    const self = await post(t.app, maker, `/invoicing/billing-accounts/${id}/erasure/approve`, {});
    expect(self.status).toBe(403);
    const account = await get(t.app, auditor, `/invoicing/billing-accounts/${id}`);
    expect(account.body.legalName).toBe(personal.legalName);
  });

  it('after approval shows every personal field as [erased], keeps the amounts, and verify still passes', async () => {
    const { id, invoice } = await accountWithInvoice();
    const before = await get(t.app, auditor, `/invoicing/invoices/${invoice.invoiceId}`);
    await post(t.app, maker, `/invoicing/billing-accounts/${id}/erasure`, {
      reason: 'customer request',
    });
    const approved = await post(
      t.app,
      checker,
      `/invoicing/billing-accounts/${id}/erasure/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ billingAccountId: id, status: 'erased' });

    const account = await get(t.app, auditor, `/invoicing/billing-accounts/${id}`);
    expect(account.body).toMatchObject({
      legalName: '[erased]',
      email: '[erased]',
      currency: 'USD',
    });
    const after = await get(t.app, auditor, `/invoicing/invoices/${invoice.invoiceId}`);
    expect(after.body).toMatchObject({
      total: before.body.total,
      amountOpen: before.body.amountOpen,
    });
    const sent = after.body.history.find((h: { type: string }) => h.type === 'InvoiceSent');
    expect(sent.details.recipient).toBe('[erased]');
    const events = await t.allEvents();
    const opened = events.find(
      (e) =>
        e.type === 'BillingAccountOpened' &&
        (e.data as { billingAccountId: string }).billingAccountId === id,
    );
    expect(opened!.data).toMatchObject({
      legalName: '[erased]',
      billingContactName: '[erased]',
      email: '[erased]',
      taxId: '[erased]',
      address: { line1: '[erased]', city: '[erased]', country: 'US' },
    });
    const erased = events.filter(
      (e) =>
        e.type === 'PersonalDataErased' &&
        (e.data as { billingAccountId: string }).billingAccountId === id,
    );
    expect(erased.map((e) => e.data)).toEqual([
      expect.objectContaining({ requestedBy: 'manager-1', approvedBy: 'manager-2' }),
    ]);
    expect((await verify(t.store)).ok).toBe(true);
  });

  it('answers a repeated approval without a second event, and refuses new details for the erased account', async () => {
    const { id, invoice } = await accountWithInvoice();
    await post(t.app, maker, `/invoicing/billing-accounts/${id}/erasure`, {
      reason: 'customer request',
    });
    const key = randomUUID();
    const first = await post(
      t.app,
      checker,
      `/invoicing/billing-accounts/${id}/erasure/approve`,
      {},
      key,
    );
    const again = await post(
      t.app,
      checker,
      `/invoicing/billing-accounts/${id}/erasure/approve`,
      {},
      key,
    );
    const anotherKey = await post(
      t.app,
      checker,
      `/invoicing/billing-accounts/${id}/erasure/approve`,
      {},
    );
    expect([first.status, again.status, anotherKey.status]).toEqual([200, 200, 200]);
    const erasures = (await t.allEvents()).filter(
      (e) =>
        e.type === 'PersonalDataErased' &&
        (e.data as { billingAccountId: string }).billingAccountId === id,
    );
    expect(erasures).toHaveLength(1);

    const update = await post(t.app, clerk, `/invoicing/billing-accounts/${id}/verification`, {});
    expect(update.status).toBe(409);
    // A recipient sent after the erasure is not kept either, in clear or otherwise.
    const resent = await post(t.app, clerk, `/invoicing/invoices/${invoice.invoiceId}/sent`, {
      channel: 'email',
      recipient: 'late.recipient@quillon.example',
    });
    expect(resent.status).toBe(200);
    expect(await storedJson(t)).not.toContain('late.recipient@quillon.example');
  });
});
