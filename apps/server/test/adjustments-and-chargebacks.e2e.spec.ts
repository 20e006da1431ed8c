import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import type { Consumer, Producer } from 'kafkajs';
import {
  createPostgresEventStore,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import type {
  ChargebackReceived,
  CreditNoteIssued,
  DisputeAccepted,
  WriteOffApproved,
} from '@billing/contracts';
import { ManualClock } from '@billing/kernel';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import {
  contextTopic,
  fromKafkaMessage,
  resolveKafka,
  toKafkaMessage,
  type BillingContext,
} from '@billing/messaging';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { until } from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';

jest.setTimeout(300_000);

const secret = 'e2e-adjustments-secret-of-at-least-32-characters';

/**
 * Invoicing and payments as standalone services (their own wiring, started in this process on one
 * shared clock) on real PostgreSQL and real Kafka. Collections and disputes are not running: their
 * events are produced to their topics exactly as their relays would write them, so this proves
 * what invoicing does with them, and that a chargeback recorded in payments travels to invoicing.
 */
describe('write-offs, dispute credits and chargebacks end to end on Kafka and PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const suffix = `.${randomBytes(4).toString('hex')}`;
  const topic = (context: BillingContext) => `${contextTopic(context)}${suffix}`;
  let database: TestDatabase;
  let pool: Pool;
  let store: SqlEventStore;
  let invoicing: StandaloneService;
  let payments: StandaloneService;
  let producer: Producer;
  let clerk: string;
  let manager: string;

  beforeAll(async () => {
    const kafka = getTestKafka();
    database = await createTestDatabase('intg_e2e');
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: suffix,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
    };
    invoicing = await startStandaloneService(invoicingStandaloneOptions, { env, clock });
    payments = await startStandaloneService(paymentsStandaloneOptions, { env, clock });
    pool = new Pool({ connectionString: database.url, max: 2 });
    store = createPostgresEventStore({ pool });
    producer = resolveKafka({ brokers: kafka.brokers }, 'e2e-adjustments').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await payments?.close();
    await invoicing?.close();
    await store?.close();
    await database?.drop();
  });

  const http = (service: StandaloneService) => request(service.app.getHttpServer());
  const post = (service: StandaloneService, path: string, body: object, token = clerk) =>
    http(service)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
  const get = (service: StandaloneService, path: string) =>
    http(service).get(path).set('Authorization', `Bearer ${clerk}`);
  const invoice = async (invoiceId: string) =>
    (await get(invoicing, `/invoicing/invoices/${invoiceId}`)).body;

  async function storedEvents(type: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const { event } of store.readAll({ maxCount: 100_000 }))
      if (event.type === type) events.push(event);
    return events;
  }

  /** An event of another context as its relay publishes it: the recorded envelope, keyed by account. */
  function recorded(
    service: 'collections' | 'disputes',
    streamId: string,
    streamVersion: number,
    type: string,
    data: { billingAccountId: string },
  ): RecordedEvent {
    return {
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'manager-2', roles: ['billing-manager'] },
        service,
      },
      occurredAt: clock.now().toISOString(),
      streamId,
      streamVersion,
      globalPosition: 1_000 + streamVersion,
      recordedAt: clock.now().toISOString(),
    };
  }

  const publish = (context: 'collections' | 'disputes', events: RecordedEvent[]) =>
    producer.send({ topic: topic(context), acks: -1, messages: events.map(toKafkaMessage) });

  /** Whether a consumer group of invoicing has handled (inboxed) an event. */
  async function handled(group: string, eventId: string): Promise<boolean> {
    const { rowCount } = await pool.query(
      'SELECT 1 FROM messaging.inbox WHERE consumer_group = $1 AND event_id = $2',
      [group, eventId],
    );
    return rowCount === 1;
  }

  let accountId: string;
  let writtenOff: { invoiceId: string; amountOpen: string };
  let charged: { invoiceId: string; amountOpen: string };

  it('opens a verified account with two issued invoices of 1,000.00 and 400.00', async () => {
    const opened = await post(invoicing, '/invoicing/billing-accounts', {
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
    accountId = opened.body.billingAccountId;
    expect(
      (await post(invoicing, `/invoicing/billing-accounts/${accountId}/verification`, {})).body,
    ).toMatchObject({ verified: true });
    const issue = async (unitPrice: string) => {
      const drafted = await post(invoicing, '/invoicing/invoices', {
        billingAccountId: accountId,
        currency: 'USD',
        lines: [{ description: 'Consulting', quantity: '1', unitPrice, taxRate: '0' }],
      });
      const issued = await post(
        invoicing,
        `/invoicing/invoices/${drafted.body.invoiceId}/issue`,
        {},
      );
      expect(issued.status).toBe(200);
      return issued.body as { invoiceId: string; amountOpen: string };
    };
    writtenOff = await issue('1000.00');
    charged = await issue('400.00');
    expect([writtenOff.amountOpen, charged.amountOpen]).toEqual(['1000.00', '400.00']);
  });

  let writeOffMessage: RecordedEvent;
  let disputeMessage: RecordedEvent;
  const writeOffId = randomUUID();
  const disputeId = randomUUID();

  it("applies collections' approved write-off of 500.00: the open amount drops by 500.00", async () => {
    clock.set('2026-04-20T10:00:00Z');
    const approved: WriteOffApproved = {
      billingAccountId: accountId,
      writeOffId,
      currency: 'USD',
      amount: '500.00',
      invoices: [{ invoiceId: writtenOff.invoiceId, amount: '500.00' }],
      reason: 'Customer in administration',
      requestedBy: 'agent-1',
      approvedBy: 'manager-2',
      autoApproved: false,
      approvedAt: clock.now().toISOString(),
    };
    writeOffMessage = recorded(
      'collections',
      `writeoff-${writeOffId}`,
      2,
      'WriteOffApproved',
      approved,
    );
    await publish('collections', [writeOffMessage]);
    const after = await until(
      () => invoice(writtenOff.invoiceId),
      (b) => b.amountOpen === '500.00',
      'the write-off to reach invoicing',
    );
    expect(after).toMatchObject({
      status: 'issued',
      amountOpen: '500.00',
      writeOffs: [{ writeOffId, amount: '500.00', reason: 'Customer in administration' }],
    });
  });

  it("credits disputes' accepted 150.00 with a credit note naming the dispute: the open amount drops by 150.00", async () => {
    clock.set('2026-04-22T15:00:00Z');
    const accepted: DisputeAccepted = {
      billingAccountId: accountId,
      disputeId,
      invoiceId: writtenOff.invoiceId,
      outcome: 'accepted_partial',
      currency: 'USD',
      acceptedAmount: '150.00',
      releasedAmount: '50.00',
      explanation: 'Second visit was not carried out',
      resolvedBy: 'manager-2',
      resolvedAt: clock.now().toISOString(),
    };
    disputeMessage = recorded('disputes', `dispute-${disputeId}`, 4, 'DisputeAccepted', accepted);
    await publish('disputes', [disputeMessage]);
    const after = await until(
      () => invoice(writtenOff.invoiceId),
      (b) => b.amountOpen === '350.00',
      'the dispute credit to reach invoicing',
    );
    expect(after.creditNotes).toEqual([
      {
        creditNoteId: expect.any(String),
        number: 'CN-2026-000001',
        issueDate: '2026-04-22',
        amount: '150.00',
        netAmount: '150.00',
        taxAmount: '0.00',
        reason: 'dispute',
        disputeId,
        memo: null,
      },
    ]);
    const [issued] = await storedEvents('CreditNoteIssued');
    expect(issued?.data).toMatchObject({
      amount: '150.00',
      reason: 'dispute',
      disputeId,
      amountOpen: '350.00',
    } satisfies Partial<CreditNoteIssued>);
  });

  it('changes nothing when each message is delivered again', async () => {
    // A message the processes ignore, after each redelivery on the same partition (same key):
    // once it is handled, the redelivered message before it has been handled too.
    const writeOffMarker = recorded(
      'collections',
      `writeoff-${randomUUID()}`,
      1,
      'WriteOffRejected',
      {
        billingAccountId: accountId,
      },
    );
    const disputeMarker = recorded('disputes', `dispute-${randomUUID()}`, 1, 'DisputeNoteAdded', {
      billingAccountId: accountId,
    });
    await publish('collections', [writeOffMessage, writeOffMarker]);
    await publish('disputes', [disputeMessage, disputeMarker]);
    await until(
      async () =>
        (await handled('invoicing.write-offs', writeOffMarker.eventId)) &&
        (await handled('invoicing.dispute-credits', disputeMarker.eventId)),
      (done) => done,
      'the redelivered messages to be consumed',
    );
    expect(await invoice(writtenOff.invoiceId)).toMatchObject({
      amountOpen: '350.00',
      writeOffs: [{ writeOffId, amount: '500.00' }],
      creditNotes: [{ number: 'CN-2026-000001', disputeId }],
      rejectedAdjustments: [],
    });
    expect(await storedEvents('InvoiceWrittenOff')).toHaveLength(1);
    expect(await storedEvents('CreditNoteIssued')).toHaveLength(1);
    const creditNoteNumbers = (await storedEvents('NumberAssigned')).filter(
      (e) => (e.data as { documentKind: string }).documentKind === 'credit_note',
    );
    expect(creditNoteNumbers).toHaveLength(1);
  });

  it('sends a chargeback recorded in payments to billing.payments.v1 and reopens the invoice by its amount', async () => {
    await until(
      () => get(payments, `/payments/billing-accounts/${accountId}/payments`),
      (r) =>
        (r.body.openInvoices ?? []).some(
          (i: { invoiceId: string }) => i.invoiceId === charged.invoiceId,
        ),
      'payments to learn of the invoice',
    );
    const paid = await post(payments, '/payments/payments', {
      billingAccountId: accountId,
      amount: '400.00',
      currency: 'USD',
      method: 'card',
      externalReference: 'CARD-7781',
      receivedDate: '2026-04-25',
      remittance: [{ invoiceId: charged.invoiceId, amount: '400.00' }],
    });
    expect(paid.status).toBe(201);
    const paymentId = paid.body.paymentId as string;
    await until(
      () => get(payments, `/payments/payments/${paymentId}`),
      (r) => r.body.applied === '400.00',
      'invoicing to apply the payment',
    );
    expect(await invoice(charged.invoiceId)).toMatchObject({ status: 'paid', amountOpen: '0.00' });

    clock.set('2026-05-03T08:00:00Z');
    const chargeback = await post(
      payments,
      `/payments/payments/${paymentId}/chargebacks`,
      {
        chargebackReference: 'VISA-CB-20260503-01',
        amount: '120.00',
        currency: 'USD',
        reasonCode: '13.3',
        reasonDescription: 'Not as described',
      },
      manager,
    );
    expect(chargeback.status).toBe(201);
    expect(chargeback.body.payment).toMatchObject({ applied: '280.00', chargedBack: '120.00' });

    const published = await firstOnTopic(
      topic('payments'),
      (e) =>
        e.type === 'ChargebackReceived' &&
        (e.data as ChargebackReceived).chargebackId === chargeback.body.chargebackId,
    );
    expect(published.data).toEqual({
      billingAccountId: accountId,
      paymentId,
      chargebackId: chargeback.body.chargebackId,
      chargebackReference: 'VISA-CB-20260503-01',
      invoiceId: charged.invoiceId,
      amount: '120.00',
      currency: 'USD',
      reasonCode: '13.3',
      reasonDescription: 'Not as described',
      receivedAt: '2026-05-03T08:00:00.000Z',
    } satisfies ChargebackReceived);

    const reopened = await until(
      () => invoice(charged.invoiceId),
      (b) => b.amountOpen === '120.00',
      'invoicing to reverse the charged-back amount',
    );
    expect(reopened).toMatchObject({ status: 'partially_paid', amountOpen: '120.00' });
    expect(reopened.history.at(-1)).toMatchObject({
      type: 'PaymentAllocationReversed',
      details: { paymentId, amountReversed: '120.00', chargebackId: chargeback.body.chargebackId },
    });
  });

  /** Reads a topic from its beginning with a throw-away group until an event matches. */
  async function firstOnTopic(
    name: string,
    match: (event: RecordedEvent) => boolean,
  ): Promise<RecordedEvent> {
    const consumer: Consumer = resolveKafka(
      { brokers: getTestKafka().brokers },
      'e2e-adjustments-reader',
    ).consumer({ groupId: `e2e-reader-${randomUUID()}` });
    let found: RecordedEvent | undefined;
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: name, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const event = fromKafkaMessage(message);
          if (!found && match(event)) found = event;
        },
      });
      await until(
        async () => found,
        (event) => event !== undefined,
        `a matching event on ${name}`,
      );
    } finally {
      await consumer.disconnect();
    }
    return found as RecordedEvent;
  }
});
