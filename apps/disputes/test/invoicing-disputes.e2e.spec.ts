import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { paymentStream, type ChargebackReceived, type DisputeAccepted } from '@billing/contracts';
import { disputesStandaloneOptions } from '@billing/disputes-service';
// The end-to-end test runs invoicing beside disputes in one process, as the embedded server does;
// disputes' own code never imports invoicing.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { ManualClock } from '@billing/kernel';
import { contextTopic, fromKafkaMessage, toKafkaMessage } from '@billing/messaging';
import type { RecordedEvent } from '@billing/event-store';
import { chargebackDisputeId } from '@billing/disputes-service';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { until } from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';

jest.setTimeout(300_000);

const secret = 'disputes-e2e-secret-at-least-32-characters';

/**
 * Invoicing and disputes as two standalone services (each its own PostgreSQL database, relay and
 * Kafka consumers) in one test process, sharing a ManualClock: disputes learns the invoice only
 * from invoicing's Kafka topic, and its DisputeAccepted reaches its own topic for invoicing (credit
 * note) and collections (hold released) to act on.
 */
describe('invoicing and disputes end to end on Kafka and PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const suffix = `.${randomBytes(4).toString('hex')}`;
  const databases: TestDatabase[] = [];
  let invoicing: StandaloneService;
  let disputes: StandaloneService;
  let disputesTopicReader: Consumer;
  const publishedDisputeEvents: Array<{ type: string; data: unknown }> = [];
  let clerk: string;
  let manager: string;
  let brokers: string[];

  beforeAll(async () => {
    const kafka = getTestKafka();
    brokers = kafka.brokers;
    const env = async (name: string) => {
      const database = await createTestDatabase(`disp_e2e_${name}`);
      databases.push(database);
      return {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_TOPIC_SUFFIX: suffix,
        JWT_SECRET: secret,
        LOG_LEVEL: 'error',
      };
    };
    invoicing = await startStandaloneService(invoicingStandaloneOptions, {
      env: await env('invoicing'),
      clock,
    });
    disputes = await startStandaloneService(disputesStandaloneOptions, {
      env: await env('disputes'),
      clock,
    });
    disputesTopicReader = new Kafka({
      clientId: 'disputes-e2e-reader',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `disputes-e2e-reader${suffix}` });
    await disputesTopicReader.connect();
    await disputesTopicReader.subscribe({
      topics: [`${contextTopic('disputes')}${suffix}`],
      fromBeginning: true,
    });
    await disputesTopicReader.run({
      eachMessage: async ({ message }) => {
        const event = fromKafkaMessage(message);
        publishedDisputeEvents.push({ type: event.type, data: event.data });
      },
    });
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    await disputesTopicReader?.disconnect();
    await disputes?.close();
    await invoicing?.close();
    for (const database of databases) await database.drop();
  });

  async function call(
    service: StandaloneService,
    method: 'get' | 'post',
    path: string,
    body?: object,
    token = clerk,
  ) {
    const server = request(service.app.getHttpServer());
    if (method === 'get') return server.get(path).set('Authorization', `Bearer ${token}`);
    return server
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', randomUUID())
      .send(body ?? {});
  }

  /** A verified account and an issued invoice of two lines (800.00 and 200.00), via invoicing's API. */
  async function issueInvoice() {
    const account = await call(invoicing, 'post', '/invoicing/billing-accounts', {
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
    expect(account.status).toBe(201);
    const accountId = account.body.billingAccountId as string;
    expect(
      (await call(invoicing, 'post', `/invoicing/billing-accounts/${accountId}/verification`)).body
        .verified,
    ).toBe(true);
    const draft = await call(invoicing, 'post', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        { description: 'Consulting, March', quantity: '1', unitPrice: '800.00', taxRate: '0' },
        { description: 'Travel, March', quantity: '1', unitPrice: '200.00', taxRate: '0' },
      ],
    });
    expect(draft.status).toBe(201);
    const invoiceId = draft.body.invoiceId as string;
    const issued = await call(invoicing, 'post', `/invoicing/invoices/${invoiceId}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'issued', total: '1000.00' });
    const travelLine = (issued.body.lines as Array<{ lineId: string; total: string }>).find(
      (line) => line.total === '200.00',
    );
    return { accountId, invoiceId, issued: issued.body, travelLine };
  }

  it('disputes one line of an invoice it learned from Kafka, accepts it in part, and publishes the amounts', async () => {
    const { accountId, invoiceId, issued, travelLine } = await issueInvoice();
    const known = await until(
      () => call(disputes, 'get', `/disputes/invoices/${invoiceId}`),
      (r) => r.status === 200,
      'disputes to learn the invoice from Kafka',
    );
    expect(known.body).toMatchObject({
      billingAccountId: accountId,
      currency: 'USD',
      total: '1000.00',
      amountOpen: '1000.00',
    });

    const opened = await call(disputes, 'post', '/disputes/disputes', {
      invoiceId,
      scope: 'lines',
      lineIds: [travelLine?.lineId],
      reasonCategory: 'service_not_received',
      customerStatement: 'The trip in March was cancelled.',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      amount: '200.00',
      currency: 'USD',
      invoiceNumber: issued.number,
      resolutionDueDate: '2026-03-16',
    });
    const disputeId = opened.body.disputeId as string;

    clock.advanceDays(3);
    const accepted = await call(
      disputes,
      'post',
      `/disputes/disputes/${disputeId}/acceptance`,
      { acceptedAmount: '150.00', explanation: 'Only the train tickets were refunded' },
      manager,
    );
    expect(accepted.status).toBe(200);

    await until(
      async () => publishedDisputeEvents,
      (events) =>
        events.some(
          (e) =>
            e.type === 'DisputeAccepted' && (e.data as DisputeAccepted).disputeId === disputeId,
        ),
      'DisputeAccepted on the disputes topic',
    );
    const published = publishedDisputeEvents.filter(
      (e) => (e.data as { disputeId?: string }).disputeId === disputeId,
    );
    expect(published.map((e) => e.type)).toEqual(['DisputeOpened', 'DisputeAccepted']);
    expect(published[1]?.data).toEqual({
      billingAccountId: accountId,
      disputeId,
      invoiceId,
      outcome: 'accepted_partial',
      currency: 'USD',
      acceptedAmount: '150.00',
      releasedAmount: '50.00',
      explanation: 'Only the train tickets were refunded',
      resolvedBy: 'manager-1',
      resolvedAt: '2026-03-05T09:00:00.000Z',
    });
  });

  it("opens a dispute from payments' chargeback on Kafka, once though the message is delivered twice", async () => {
    const { accountId, invoiceId } = await issueInvoice();
    await until(
      () => call(disputes, 'get', `/disputes/invoices/${invoiceId}`),
      (r) => r.status === 200,
      'disputes to learn the invoice from Kafka',
    );
    const chargeback: ChargebackReceived = {
      billingAccountId: accountId,
      paymentId: randomUUID(),
      chargebackId: randomUUID(),
      chargebackReference: 'VISA-10.4-E2E',
      invoiceId,
      amount: '300.00',
      currency: 'USD',
      reasonCode: '10.4',
      reasonDescription: 'Other fraud, card-absent environment',
      receivedAt: clock.now().toISOString(),
    };
    // What payments' relay would publish (the payments side of chargebacks is built elsewhere).
    const asPublished = (data: ChargebackReceived): RecordedEvent => ({
      eventId: randomUUID(),
      type: 'ChargebackReceived',
      schemaVersion: 1,
      streamId: paymentStream(data.paymentId),
      streamVersion: 4,
      globalPosition: 1_000,
      data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'card-network-feed', roles: ['service'] },
        service: 'payments',
      },
      occurredAt: data.receivedAt,
      recordedAt: data.receivedAt,
    });
    const event = asPublished(chargeback);
    // Same account, same partition, after the redelivery: once it is handled, so is the duplicate.
    const later: ChargebackReceived = {
      ...chargeback,
      chargebackId: randomUUID(),
      chargebackReference: 'VISA-10.4-E2E-2',
      amount: '100.00',
    };
    const producer = new Kafka({
      clientId: 'disputes-e2e-payments',
      brokers,
      logLevel: logLevel.NOTHING,
    }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (const message of [event, event, asPublished(later)])
        await producer.send({
          topic: `${contextTopic('payments')}${suffix}`,
          acks: -1,
          messages: [toKafkaMessage(message)],
        });
    } finally {
      await producer.disconnect();
    }
    await until(
      () => call(disputes, 'get', `/disputes/disputes/${chargebackDisputeId(later)}`),
      (r) => r.status === 200,
      'the later chargeback dispute',
    );
    const disputeId = chargebackDisputeId(chargeback);
    const opened = await call(disputes, 'get', `/disputes/disputes/${disputeId}`);
    expect(opened.body).toMatchObject({
      source: 'chargeback',
      chargebackReference: 'VISA-10.4-E2E',
      reasonCategory: 'unauthorised_charge',
      amount: '300.00',
      status: 'open',
    });
    expect(opened.body.timeline.map((e: { type: string }) => e.type)).toEqual(['DisputeOpened']);
    await until(
      async () => publishedDisputeEvents,
      (events) =>
        events.some(
          (e) =>
            e.type === 'DisputeOpened' && (e.data as { disputeId: string }).disputeId === disputeId,
        ),
      'DisputeOpened of the chargeback on the disputes topic',
    );
    expect(
      publishedDisputeEvents.filter(
        (e) => (e.data as { disputeId?: string }).disputeId === disputeId,
      ),
    ).toHaveLength(1);
  });
});
