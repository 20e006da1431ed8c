import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { ManualClock } from '@billing/kernel';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import {
  mintToken,
  startStandaloneService,
  type StandaloneService,
  type StandaloneServiceOptions,
} from '@billing/platform';
import {
  httpCall,
  issueInvoiceOnNewAccount,
  messagesNotHandledAgain,
  until,
  withFreshConsumerGroups,
  type Json,
} from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';

jest.setTimeout(600_000);

const secret = 'payments-dispute-holds-e2e-secret-32-chars';
/** Generous: the machine is shared, and three services' consumers rebalance on one broker. */
const waitMs = 120_000;

type ServiceName = 'invoicing' | 'payments' | 'disputes';
const serviceOptions: Record<ServiceName, StandaloneServiceOptions> = {
  invoicing: invoicingStandaloneOptions,
  payments: paymentsStandaloneOptions,
  disputes: disputesStandaloneOptions,
};
const serviceNames = Object.keys(serviceOptions) as ServiceName[];

/**
 * A billing coordinator's expectation of automatic allocation while a customer disputes part of an
 * invoice: an unremitted payment goes to undisputed open amounts first, and the disputed part is
 * paid automatically only once the dispute is resolved. Invoicing, payments and disputes each run
 * as their standalone service on their own PostgreSQL database; payments learns of the dispute
 * only from the disputes topic on Kafka.
 */
describe('automatic allocation leaves a disputed amount alone, end to end on Kafka and PostgreSQL', () => {
  const clock = new ManualClock('2026-02-02T09:00:00.000Z');
  const suffix = `.e2edh${randomBytes(4).toString('hex')}`;
  const databases = {} as Record<ServiceName, TestDatabase>;
  const pools = {} as Record<ServiceName, Pool>;
  const services = {} as Record<ServiceName, StandaloneService>;
  const envs = {} as Record<ServiceName, Record<string, string>>;
  let clerk: string;
  let manager: string;

  beforeAll(async () => {
    const kafka = getTestKafka();
    for (const name of serviceNames) {
      databases[name] = await createTestDatabase(`e2edh_${name}`);
      pools[name] = new Pool({ connectionString: databases[name].url, max: 2 });
      envs[name] = {
        DATABASE_URL: databases[name].url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_TOPIC_SUFFIX: suffix,
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
      };
    }
    for (const name of serviceNames)
      services[name] = await startStandaloneService(serviceOptions[name], {
        env: envs[name],
        clock,
      });
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    for (const name of [...serviceNames].reverse()) await services[name]?.close();
    for (const name of serviceNames) {
      await pools[name]?.end();
      await databases[name]?.drop();
    }
  });

  const get = (name: ServiceName, path: string) => httpCall(services[name].app, clerk, 'get', path);
  const post = (name: ServiceName, path: string, body: object, token = clerk) =>
    httpCall(services[name].app, token, 'post', path, body);

  /** What payments sees as open on the account, by invoice id. */
  async function openInPayments(accountId: string): Promise<Record<string, Json>> {
    const { body } = await get('payments', `/payments/billing-accounts/${accountId}/payments`);
    return Object.fromEntries(
      ((body['openInvoices'] ?? []) as Json[]).map((i) => [i['invoiceId'] as string, i]),
    );
  }

  /** An unremitted bank transfer, and its state once invoicing answered every allocation. */
  async function payWithoutRemittance(accountId: string, amount: string, reference: string) {
    const paid = await post('payments', '/payments/payments', {
      billingAccountId: accountId,
      amount,
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: reference,
      receivedDate: '2026-02-10',
    });
    expect(paid.status).toBe(201);
    return until(
      async () => (await get('payments', `/payments/payments/${paid.body['paymentId']}`)).body,
      (p) => p['pending'] === '0.00',
      `invoicing to answer the allocations of ${reference}`,
      waitMs,
    );
  }
  const allocated = (payment: Json) =>
    (payment['allocations'] as Json[]).map((a) => [a['invoiceId'], a['amount'], a['status']]);

  it('pays undisputed amounts first, leaves money unapplied rather than touch the disputed part, and pays it once the dispute is rejected', async () => {
    // Two invoices on one account, issued the same day: the 1,000.00 one (lower number) is
    // paid first by oldest-due-first allocation.
    const disputed = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Holdco', [
      '1000.00',
    ]);
    const accountId = disputed.accountId;
    const draft = await post('invoicing', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [{ description: 'Support', quantity: '1', unitPrice: '400.00', taxRate: '0' }],
    });
    expect(draft.status).toBe(201);
    const otherId = draft.body['invoiceId'] as string;
    expect((await post('invoicing', `/invoicing/invoices/${otherId}/issue`, {})).status).toBe(200);
    await until(
      () => openInPayments(accountId),
      (open) => Object.keys(open).length === 2,
      'payments to learn both invoices from Kafka',
      waitMs,
    );
    await until(
      () => get('disputes', `/disputes/invoices/${disputed.invoiceId}`),
      (r) => r.status === 200,
      'disputes to learn the invoice from Kafka',
      waitMs,
    );

    // The customer disputes 300.00 of the 1,000.00 invoice.
    const opened = await post('disputes', '/disputes/disputes', {
      invoiceId: disputed.invoiceId,
      scope: 'amount',
      amount: '300.00',
      reasonCategory: 'pricing_error',
      customerStatement: 'Three of the ten hours were never worked.',
    });
    expect(opened.status).toBe(201);
    const disputeId = opened.body['disputeId'] as string;
    const held = await until(
      () => openInPayments(accountId),
      (open) => open[disputed.invoiceId]?.['amountHeld'] === '300.00',
      'payments to learn the dispute from Kafka',
      waitMs,
    );
    expect(held[disputed.invoiceId]).toMatchObject({ amountOpen: '1000.00', amountHeld: '300.00' });
    expect(held[otherId]).toMatchObject({ amountOpen: '400.00', amountHeld: '0.00' });

    // 1,000.00 unremitted: the undisputed 700.00 of the older invoice, then 300.00 of the other.
    const first = await payWithoutRemittance(accountId, '1000.00', 'WIRE-DH-1');
    expect(allocated(first)).toEqual([
      [disputed.invoiceId, '700.00', 'confirmed'],
      [otherId, '300.00', 'confirmed'],
    ]);
    expect(first).toMatchObject({ applied: '1000.00', unapplied: '0.00' });

    // 250.00 more: only the other invoice's 100.00 is undisputed; the rest waits unapplied.
    const second = await payWithoutRemittance(accountId, '250.00', 'WIRE-DH-2');
    expect(allocated(second)).toEqual([[otherId, '100.00', 'confirmed']]);
    expect(second).toMatchObject({ applied: '100.00', unapplied: '150.00' });
    const disputedInvoice = (await get('invoicing', `/invoicing/invoices/${disputed.invoiceId}`))
      .body;
    expect(disputedInvoice).toMatchObject({ amountOpen: '300.00', status: 'partially_paid' });

    // A manager rejects the dispute: the 300.00 is eligible again.
    const rejected = await post(
      'disputes',
      `/disputes/disputes/${disputeId}/rejection`,
      { explanation: 'The timesheet signed by the customer shows ten hours' },
      manager,
    );
    expect(rejected.status).toBe(200);
    await until(
      () => openInPayments(accountId),
      (open) => open[disputed.invoiceId]?.['amountHeld'] === '0.00',
      'payments to learn the rejection from Kafka',
      waitMs,
    );
    const third = await payWithoutRemittance(accountId, '300.00', 'WIRE-DH-3');
    expect(allocated(third)).toEqual([[disputed.invoiceId, '300.00', 'confirmed']]);
    expect(
      (await get('invoicing', `/invoicing/invoices/${disputed.invoiceId}`)).body,
    ).toMatchObject({ amountOpen: '0.00', status: 'paid' });

    // Every disputes message handled a second time (a fresh consumer group on the same database,
    // as a redelivery would) changes nothing: the rejected dispute does not hold again.
    const before = await openInPayments(accountId);
    await services.payments.close();
    services.payments = await startStandaloneService(
      withFreshConsumerGroups(paymentsStandaloneOptions),
      { env: envs.payments, clock },
    );
    // Fresh groups re-read invoicing's topic too: until that replay has ended, the open-invoices
    // read model passes through earlier open amounts on its way back to the same state.
    await until(
      async () =>
        (await messagesNotHandledAgain(pools.payments, 'payments.disputes-events')) +
        (await messagesNotHandledAgain(pools.payments, 'payments.invoicing-events')),
      (missing) => missing === 0,
      'payments to handle every disputes and invoicing message again',
      waitMs,
    );
    expect(await openInPayments(accountId)).toEqual(before);
    const { rows } = await pools.payments.query(
      'SELECT dispute_id, amount_held, status FROM payments_rm.dispute_holds',
    );
    expect(rows).toEqual([{ dispute_id: disputeId, amount_held: '0.00', status: 'closed' }]);
  });

  it('a coordinator may still apply a payment to a disputed invoice by naming it', async () => {
    const { accountId, invoiceId } = await issueInvoiceOnNewAccount(
      services.invoicing.app,
      clerk,
      'Remitco',
      ['500.00'],
    );
    await until(
      () => get('disputes', `/disputes/invoices/${invoiceId}`),
      (r) => r.status === 200,
      'disputes to learn the invoice from Kafka',
      waitMs,
    );
    const opened = await post('disputes', '/disputes/disputes', {
      invoiceId,
      scope: 'whole',
      reasonCategory: 'quality',
      customerStatement: 'The delivery was late.',
    });
    expect(opened.status).toBe(201);
    await until(
      () => openInPayments(accountId),
      (open) => open[invoiceId]?.['amountHeld'] === '500.00',
      'payments to learn the dispute from Kafka',
      waitMs,
    );

    const paid = await post('payments', '/payments/payments', {
      billingAccountId: accountId,
      amount: '500.00',
      currency: 'USD',
      method: 'check',
      externalReference: 'CHECK-DH-1',
      receivedDate: '2026-02-11',
      remittance: [{ invoiceId, amount: '500.00' }],
    });
    expect(paid.status).toBe(201);
    const applied = await until(
      async () => (await get('payments', `/payments/payments/${paid.body['paymentId']}`)).body,
      (p) => p['pending'] === '0.00',
      'invoicing to apply the remitted payment',
      waitMs,
    );
    expect(applied).toMatchObject({ applied: '500.00', unapplied: '0.00' });
  });
});
