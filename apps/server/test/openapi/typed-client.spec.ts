import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import { ManualClock } from '@billing/kernel';
import { mintToken } from '@billing/platform';
import { createEmbeddedSystem, type EmbeddedSystem } from '../../src/embedded-system';
import type {
  invoicing as invoicingApi,
  ledger as ledgerApi,
  payments as paymentsApi,
} from '@billing/api-types';

jest.setTimeout(180_000);

const jwtSecret = 'typed-client-test-secret-of-32-chars!';
/** This suite's HTTP port (15000-15999 are the contracts tests'). */
const port = 15_421;

/**
 * A client written the way a consumer would write one: types generated from the published
 * documents (libs/api-types, by `npm run openapi:write`), openapi-fetch, and no
 * cast anywhere. If a document stops describing a body, a parameter or an answer, this stops
 * compiling (`npm run typecheck`) or fails here.
 */
describe('a typed client generated from the OpenAPI documents (openapi-typescript + openapi-fetch)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-typed-client-'));
  let system: EmbeddedSystem;
  let baseUrl: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock: new ManualClock('2026-03-02T09:00:00Z'),
      env: { LOG_LEVEL: 'silent' },
    });
    await system.app.listen(port, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
    const token = await mintToken({
      sub: 'clerk-1',
      roles: ['billing-clerk'],
      secret: jwtSecret,
      ttl: 600,
    });
    headers = { Authorization: `Bearer ${token}` };
  });
  afterAll(async () => {
    await system?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens an account, drafts and issues an invoice, takes a payment and reads the balance', async () => {
    const invoicing = createClient<invoicingApi.paths>({ baseUrl, headers });
    const payments = createClient<paymentsApi.paths>({ baseUrl, headers });
    const ledger = createClient<ledgerApi.paths>({ baseUrl, headers });
    const opened = await invoicing.POST('/invoicing/billing-accounts', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        legalName: 'Typed Client Industries Inc.',
        billingContactName: 'Jane Doe',
        email: 'ap@typed.example',
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
      },
    });
    expect(opened.response.status).toBe(201);
    if (!opened.data) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
    const billingAccountId = opened.data.billingAccountId;
    expect(opened.data).toEqual({ billingAccountId, status: 'open', verified: false });

    const verified = await invoicing.POST('/invoicing/billing-accounts/{id}/verification', {
      params: { path: { id: billingAccountId }, header: { 'Idempotency-Key': randomUUID() } },
    });
    expect(verified.data?.verified).toBe(true);

    const drafted = await invoicing.POST('/invoicing/invoices', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        billingAccountId,
        currency: 'USD',
        lines: [
          { description: 'Consulting, March', quantity: '10', unitPrice: '120.05', taxRate: '0' },
        ],
      },
    });
    if (!drafted.data) throw new Error(`draft failed: ${JSON.stringify(drafted.error)}`);
    expect(drafted.data).toMatchObject({ status: 'draft', total: '1200.50', number: null });
    const invoiceId = drafted.data.invoiceId;

    // Issued today: the body may name another business date (`issueDate`).
    const issued = await invoicing.POST('/invoicing/invoices/{id}/issue', {
      params: { path: { id: invoiceId }, header: { 'Idempotency-Key': randomUUID() } },
      body: {},
    });
    if (!issued.data) throw new Error(`issue failed: ${JSON.stringify(issued.error)}`);
    expect(issued.data).toMatchObject({
      status: 'issued',
      amountOpen: '1200.50',
      dueDate: '2026-04-01',
    });
    expect(issued.data.number).toMatch(/\d/);

    // Payments learns the invoice from invoicing's events before it can apply a payment to it.
    await system.quiescent();
    const paid = await payments.POST('/payments/payments', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        billingAccountId,
        amount: '1000.00',
        currency: 'USD',
        method: 'bank_transfer',
        externalReference: 'WIRE-TYPED-0001',
        receivedDate: '2026-03-02',
      },
    });
    if (!paid.data) throw new Error(`payment failed: ${JSON.stringify(paid.error)}`);
    expect(paid.data).toMatchObject({ status: 'received', amount: '1000.00', currency: 'USD' });
    expect(paid.data.allocations.map((a) => a.invoiceId)).toEqual([invoiceId]);

    await system.quiescent();
    const balances = await ledger.GET('/ledger/accounts/{id}/balances', {
      params: { path: { id: billingAccountId } },
    });
    if (!balances.data) throw new Error(`balances failed: ${JSON.stringify(balances.error)}`);
    const usd = balances.data.balances.find((b) => b.currency === 'USD');
    expect(usd).toMatchObject({
      invoiced: '1200.50',
      received: '1000.00',
      openReceivable: '200.50',
      balanceDue: '200.50',
    });
    expect(usd?.counts.invoicesIssued).toBe(1);

    const invoice = await invoicing.GET('/invoicing/invoices/{id}', {
      params: { path: { id: invoiceId } },
    });
    if (!invoice.data) throw new Error(`invoice read failed: ${JSON.stringify(invoice.error)}`);
    expect(invoice.data).toMatchObject({ status: 'partially_paid', amountOpen: '200.50' });
    expect(invoice.data.history.map((entry) => entry.type)).toContain('InvoiceIssued');
    const account = await invoicing.GET('/invoicing/billing-accounts/{id}', {
      params: { path: { id: billingAccountId } },
    });
    expect(account.data).toMatchObject({ verified: true, onHold: false, paymentTermsDays: 30 });

    // A refusal comes back typed as the problem document.
    const refused = await invoicing.POST('/invoicing/invoices/{id}/issue', {
      params: { path: { id: randomUUID() }, header: { 'Idempotency-Key': randomUUID() } },
      body: {},
    });
    expect(refused.response.status).toBe(404);
    expect(refused.error?.status).toBe(404);
  });
});
