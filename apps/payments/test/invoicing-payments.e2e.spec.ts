import { randomBytes, randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { contextTopic, provisionTopics, resolveKafka, silentLogger } from '@billing/messaging';
import { mintToken } from '@billing/platform';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { startServiceProcess, type ServiceProcess } from './support/service-process';

jest.setTimeout(300_000);

const secret = 'e2e-secret-that-is-at-least-32-characters-long';

/**
 * The capstone: invoicing and payments as two separate NestJS processes (their standalone mains)
 * on one real PostgreSQL event store, talking only through real Kafka topics.
 */
describe('invoicing and payments end to end on Kafka and PostgreSQL', () => {
  let database: TestDatabase;
  let invoicing: ServiceProcess;
  let payments: ServiceProcess;
  let clerk: string;
  let manager: string;

  beforeAll(async () => {
    const kafka = getTestKafka();
    database = await createTestDatabase('apps_e2e');
    const suffix = `.${randomBytes(4).toString('hex')}`;
    await provisionTopics({
      kafka: resolveKafka({ brokers: kafka.brokers }, 'e2e-admin'),
      topics: [`${contextTopic('invoicing')}${suffix}`, `${contextTopic('payments')}${suffix}`],
      logger: silentLogger,
    });
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: suffix,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
    };
    const portBase = 20_000 + Math.floor(Math.random() * 20_000);
    invoicing = await startServiceProcess('apps/invoicing/src/main.ts', portBase, env);
    payments = await startServiceProcess('apps/payments/src/main.ts', portBase + 1, env);
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    await payments?.stop();
    await invoicing?.stop();
    await database?.drop();
  });

  async function call(
    service: ServiceProcess,
    method: string,
    path: string,
    body?: unknown,
    token = clerk,
  ) {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined
          ? { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }
          : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // Response bodies are read loosely here; the assertions say what each one must hold.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async function until<T>(
    probe: () => Promise<T>,
    check: (v: T) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T = await probe();
    while (!check(last)) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(last).slice(0, 2_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      last = await probe();
    }
    return last;
  }

  const invoice = (id: string) =>
    call(invoicing, 'GET', `/invoicing/invoices/${id}`).then((r) => r.body);
  const payment = (id: string) =>
    call(payments, 'GET', `/payments/payments/${id}`).then((r) => r.body);
  const accountPayments = (id: string) =>
    call(payments, 'GET', `/payments/billing-accounts/${id}/payments`).then((r) => r.body);

  async function openVerifiedAccount(): Promise<string> {
    const opened = await call(invoicing, 'POST', '/invoicing/billing-accounts', {
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
      purchaseOrderRequired: true,
    });
    expect(opened.status).toBe(201);
    const verified = await call(
      invoicing,
      'POST',
      `/invoicing/billing-accounts/${opened.body.billingAccountId}/verification`,
      {},
    );
    expect(verified.body.verified).toBe(true);
    return opened.body.billingAccountId;
  }

  async function issue(
    accountId: string,
    po: string,
    net: string,
    taxRate: string,
    expectedTotal: string,
  ): Promise<string> {
    const drafted = await call(invoicing, 'POST', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      purchaseOrderNumber: po,
      lines: [{ description: `Work under ${po}`, quantity: '1', unitPrice: net, taxRate }],
    });
    expect(drafted.status).toBe(201);
    const issued = await call(
      invoicing,
      'POST',
      `/invoicing/invoices/${drafted.body.invoiceId}/issue`,
      {},
    );
    expect(issued.status).toBe(200);
    expect(issued.body.total).toBe(expectedTotal);
    return drafted.body.invoiceId;
  }

  it('reviews, issues, applies two payments oldest due first, and reopens invoices when a payment bounces', async () => {
    const accountId = await openVerifiedAccount();

    const draft = await call(invoicing, 'POST', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        { description: 'Consulting, March', quantity: '1', unitPrice: '1000.00', taxRate: '0.2' },
      ],
    });
    const review = await call(
      invoicing,
      'POST',
      `/invoicing/invoices/${draft.body.invoiceId}/review`,
      {},
    );
    expect(review.body.ready).toBe(false);
    expect(review.body.problems).toEqual([
      expect.objectContaining({ code: 'PURCHASE_ORDER_REQUIRED', field: 'purchaseOrderNumber' }),
    ]);
    const fixed = await fetch(`${invoicing.url}/invoicing/invoices/${draft.body.invoiceId}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${clerk}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({
        purchaseOrderNumber: 'PO-1',
        lines: [
          { description: 'Consulting, March', quantity: '1', unitPrice: '1000.00', taxRate: '0.2' },
        ],
      }),
    });
    expect(fixed.status).toBe(200);
    const issued1 = await call(
      invoicing,
      'POST',
      `/invoicing/invoices/${draft.body.invoiceId}/issue`,
      {},
    );
    expect(issued1.body).toMatchObject({ total: '1200.00', taxTotal: '200.00', status: 'issued' });
    const inv1 = draft.body.invoiceId as string;
    const inv2 = await issue(accountId, 'PO-2', '727.27', '0.1', '800.00');
    const inv3 = await issue(accountId, 'PO-3', '375.42', '0.2', '450.50');

    await until(
      () => accountPayments(accountId),
      (b) => b.openInvoices?.length === 3,
      'payments to learn the three invoices',
    );

    const first = await call(payments, 'POST', '/payments/payments', {
      billingAccountId: accountId,
      amount: '2225.25',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: 'WIRE-0001',
      receivedDate: '2026-03-20',
    });
    expect(first.status).toBe(201);
    expect(first.body.allocations.map((a: { amount: string }) => a.amount)).toEqual([
      '1200.00',
      '800.00',
      '225.25',
    ]);
    await until(
      () => payment(first.body.paymentId),
      (p) => p.applied === '2225.25',
      'the first payment to be applied',
    );
    expect(await invoice(inv1)).toMatchObject({ status: 'paid', amountOpen: '0.00' });
    expect(await invoice(inv2)).toMatchObject({ status: 'paid', amountOpen: '0.00' });
    expect(await invoice(inv3)).toMatchObject({ status: 'partially_paid', amountOpen: '225.25' });
    await until(
      () => payment(first.body.paymentId),
      (p) => p.confirmation !== null,
      'the receipt of the fully applied payment',
    );

    await until(
      () => accountPayments(accountId),
      (b) => b.openInvoices?.[0]?.amountOpen === '225.25',
      'payments to learn the open 225.25',
    );
    const second = await call(payments, 'POST', '/payments/payments', {
      billingAccountId: accountId,
      amount: '300.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: 'WIRE-0002',
      receivedDate: '2026-03-25',
    });
    expect(second.status).toBe(201);
    const secondApplied = await until(
      () => payment(second.body.paymentId),
      (p) => p.applied === '225.25',
      'the second payment to be applied',
    );
    expect(secondApplied).toMatchObject({ applied: '225.25', unapplied: '74.75', pending: '0.00' });
    expect(await invoice(inv3)).toMatchObject({ status: 'paid', amountOpen: '0.00' });

    const reversed = await call(
      payments,
      'POST',
      `/payments/payments/${first.body.paymentId}/reverse`,
      { reason: 'returned by the bank' },
      manager,
    );
    expect(reversed.status).toBe(200);
    await until(
      () => invoice(inv2),
      (i) => i.amountOpen === '800.00',
      'invoice 2 to reopen',
    );
    expect(await invoice(inv1)).toMatchObject({ status: 'issued', amountOpen: '1200.00' });
    expect(await invoice(inv2)).toMatchObject({ status: 'issued', amountOpen: '800.00' });
    await until(
      () => invoice(inv3),
      (i) => i.amountOpen === '225.25',
      'invoice 3 to reopen by the reversed part',
    );
    expect(await invoice(inv3)).toMatchObject({ status: 'partially_paid', amountOpen: '225.25' });
    expect(await payment(first.body.paymentId)).toMatchObject({
      status: 'reversed',
      reversed: '2225.25',
      unapplied: '0.00',
    });
  });

  it('posts 20 payments concurrently on one account with 10 open invoices: nothing over-applied, every cent accounted for', async () => {
    const accountId = await openVerifiedAccount();
    const invoiceIds: string[] = [];
    for (let i = 0; i < 10; i++)
      invoiceIds.push(await issue(accountId, `PO-C${i}`, '100.00', '0', '100.00'));
    await until(
      () => accountPayments(accountId),
      (b) => b.openInvoices?.length === 10,
      'payments to learn the ten invoices',
    );

    const amounts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? '60.00' : '45.50'));
    const posted = await Promise.all(
      amounts.map((amount, i) =>
        call(payments, 'POST', '/payments/payments', {
          billingAccountId: accountId,
          amount,
          currency: 'USD',
          method: 'card',
          externalReference: `CARD-${i}`,
          receivedDate: '2026-03-20',
        }),
      ),
    );
    expect(posted.map((p) => p.status)).toEqual(Array(20).fill(201));

    const settled = await until(
      () => accountPayments(accountId),
      (b) =>
        b.payments?.length === 20 &&
        b.payments.every((p: { pending: string }) => p.pending === '0.00'),
      'every allocation to be answered by invoicing',
    );
    const sum = (values: string[]) => values.reduce((acc, v) => acc.plus(v), new Decimal(0));
    const applied = sum(settled.payments.map((p: { applied: string }) => p.applied));
    const unapplied = sum(settled.payments.map((p: { unapplied: string }) => p.unapplied));
    expect(applied.plus(unapplied).toFixed(2)).toBe(sum(amounts).toFixed(2));

    const invoices = await Promise.all(invoiceIds.map(invoice));
    for (const inv of invoices) {
      expect(new Decimal(inv.amountOpen).gte(0)).toBe(true);
      expect(new Decimal(inv.amountOpen).lte(inv.total)).toBe(true);
    }
    const paidOnInvoices = sum(
      invoices.map((i) => new Decimal(i.total).minus(i.amountOpen).toFixed(2)),
    );
    expect(paidOnInvoices.toFixed(2)).toBe(applied.toFixed(2));
  });
});
