import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '@billing/kernel';
import { createPgliteEventStore } from '@billing/event-store';
import { mintToken } from '@billing/platform';
import { createEmbeddedSystem, type EmbeddedSystem } from '../src/embedded-system';

jest.setTimeout(180_000);

const jwtSecret = 'embedded-system-test-secret-of-32-chars';

describe('the embedded system (npm start): every service in one process, no infrastructure', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-embedded-'));
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  let system: EmbeddedSystem;
  let clerk: string;

  const start = () =>
    createEmbeddedSystem({ dataDir, jwtSecret, clock, env: { LOG_LEVEL: 'silent' } });
  const http = () => request(system.app.getHttpServer());
  const post = (url: string, body: object) =>
    http()
      .post(url)
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
  const get = (url: string) => http().get(url).set('Authorization', `Bearer ${clerk}`);
  async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const value = await probe();
      if (ok(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return probe();
  }

  beforeAll(async () => {
    system = await start();
    clerk = await mintToken({
      sub: 'clerk-1',
      roles: ['billing-clerk'],
      secret: jwtSecret,
      ttl: 600,
    });
  });
  afterAll(async () => {
    await system?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves each service under its prefix with its own OpenAPI document', async () => {
    for (const prefix of ['invoicing', 'payments']) {
      const docs = await http().get(`/${prefix}/docs-json`);
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths).every((p: string) => p.startsWith(`/${prefix}/`))).toBe(
        true,
      );
    }
    expect((await http().get('/health')).status).toBe(200);
  });

  it('issues an invoice, takes a payment in the other service, and keeps it all across a restart', async () => {
    const opened = await post('/invoicing/billing-accounts', {
      legalName: 'Acme Manufacturing Inc.',
      billingContactName: 'Jane Doe',
      email: 'ap@acme.example',
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
    });
    expect(opened.status).toBe(201);
    const accountId = opened.body.billingAccountId as string;
    expect(
      (await post(`/invoicing/billing-accounts/${accountId}/verification`, {})).body.verified,
    ).toBe(true);
    const draft = await post('/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        { description: 'Consulting, March', quantity: '10', unitPrice: '120.05', taxRate: '0' },
      ],
    });
    expect(draft.status).toBe(201);
    const issued = await post(`/invoicing/invoices/${draft.body.invoiceId}/issue`, {});
    expect(issued.body).toMatchObject({ amountOpen: '1200.50', dueDate: '2026-04-01' });

    // Payments learns the invoice from invoicing's events (relay -> in-process bus), then allocates.
    await eventually(
      () => get(`/payments/billing-accounts/${accountId}/payments`),
      (r) => r.body.openInvoices?.length === 1,
    );
    const paid = await post('/payments/payments', {
      billingAccountId: accountId,
      amount: '1000.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: 'WIRE-0001',
      receivedDate: '2026-03-20',
    });
    expect(paid.status).toBe(201);
    const invoiceUrl = `/invoicing/invoices/${draft.body.invoiceId}`;
    const partly = await eventually(
      () => get(invoiceUrl),
      (r) => r.body.amountOpen === '200.50',
    );
    expect(partly.body).toMatchObject({ status: 'partially_paid', amountOpen: '200.50' });

    await system.close();
    system = await start();
    expect((await get(invoiceUrl)).body).toMatchObject({
      status: 'partially_paid',
      amountOpen: '200.50',
    });
  });

  it('answers a command retried after a restart from its first run, without a second effect', async () => {
    const key = randomUUID();
    const body = {
      legalName: 'Retry Industries Ltd',
      billingContactName: 'Sam Roe',
      email: 'ap@retry.example',
      address: {
        line1: '2 Main St',
        city: 'Springfield',
        postalCode: '62701',
        region: 'IL',
        country: 'US',
      },
      country: 'US',
      taxId: '98-7654321',
      currency: 'USD',
      paymentTermsDays: 14,
      purchaseOrderRequired: false,
    };
    const send = () =>
      http()
        .post('/invoicing/billing-accounts')
        .set('Authorization', `Bearer ${clerk}`)
        .set('Idempotency-Key', key)
        .send(body);
    const first = await send();
    expect(first.status).toBe(201);

    await system.close();
    system = await start();
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(first.body);
    const account = await get(`/invoicing/billing-accounts/${first.body.billingAccountId}`);
    expect(account.body).toMatchObject({ legalName: body.legalName, currency: 'USD' });
    // The same key with another body is a different request: refused, as before the restart.
    const reused = await http()
      .post('/invoicing/billing-accounts')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', key)
      .send({ ...body, legalName: 'Someone Else Ltd' });
    expect(reused.status).toBe(422);
  });

  it('records reads in the access log on PGlite, keeps them across a stop, and refuses to alter them', async () => {
    const opened = await post('/invoicing/billing-accounts', {
      legalName: 'Watched Corp',
      billingContactName: 'Ann Lee',
      email: 'ap@watched.example',
      address: {
        line1: '3 Main St',
        city: 'Springfield',
        postalCode: '62701',
        region: 'IL',
        country: 'US',
      },
      country: 'US',
      taxId: '11-2233445',
      currency: 'USD',
      paymentTermsDays: 30,
      purchaseOrderRequired: false,
    });
    const accountId = opened.body.billingAccountId as string;
    const read = await http()
      .get(`/invoicing/billing-accounts/${accountId}`)
      .set('Authorization', `Bearer ${clerk}`)
      .set('X-Correlation-Id', 'embedded-read-1');
    expect(read.status).toBe(200);
    expect((await get(`/payments/billing-accounts/${accountId}/payments`)).status).toBe(200);

    // Stopping writes what the batch still held; the restarted system shows it.
    await system.close();
    system = await start();
    const auditor = await mintToken({
      sub: 'auditor-1',
      roles: ['auditor'],
      secret: jwtSecret,
      ttl: 600,
    });
    const log = await http()
      .get(`/ledger/accounts/${accountId}/access-log`)
      .set('Authorization', `Bearer ${auditor}`);
    expect(log.status).toBe(200);
    expect(log.body.entries).toEqual([
      expect.objectContaining({
        subject: 'clerk-1',
        roles: ['billing-clerk'],
        operation: 'GET /invoicing/billing-accounts/:id',
        correlationId: 'embedded-read-1',
        accessedAt: '2026-03-02T09:00:00.000Z',
      }),
      expect.objectContaining({
        subject: 'clerk-1',
        operation: 'GET /payments/billing-accounts/:id/payments',
      }),
    ]);
    expect((await get(`/ledger/accounts/${accountId}/access-log`)).status).toBe(403);

    await system.close();
    const store = await createPgliteEventStore({ dataDir: path.join(dataDir, 'pglite') });
    try {
      await expect(
        store.backend.query("UPDATE platform.access_log SET subject = 'nobody'"),
      ).rejects.toThrow(/append-only/);
      await expect(store.backend.query('DELETE FROM platform.access_log')).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await store.close();
    }
    system = await start();
  });
});
