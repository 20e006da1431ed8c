import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Pool } from 'pg';
import {
  collectionsStandaloneOptions,
  dunningNotificationType,
  openDunningNotification,
  type DunningNotificationMessage,
} from '@billing/collections-service';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { addDays, ManualClock } from '@billing/kernel';
import { billingContexts, contextTopic, notificationsTopic } from '@billing/messaging';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import { masterKeyOf, PersonalDataCipher, SqlPersonalDataKeyStore } from '@billing/personal-data';
import {
  mintToken,
  startStandaloneService,
  type StandaloneService,
  type Role,
  type StandaloneServiceOptions,
} from '@billing/platform';
import {
  httpCall,
  issueInvoiceOnNewAccount,
  messagesNotHandledAgain,
  until,
  withFreshConsumerGroups,
  type IssuedInvoice,
  type Json,
} from '@billing/service-testing';
import {
  createSchemaValidator,
  createTestDatabase,
  getTestKafka,
  type TestDatabase,
} from '@billing/testing';

jest.setTimeout(900_000);

const secret = 'collections-disputes-e2e-secret-of-32-characters';
const masterKey = randomBytes(32).toString('base64');
const day0 = '2026-01-05';
const day = (n: number) => addDays(day0, n);
/** Generous: the machine is shared, and four services' consumers rebalance on one broker. */
const waitMs = 120_000;

type ServiceName = 'invoicing' | 'payments' | 'collections' | 'disputes';
const serviceOptions: Record<ServiceName, StandaloneServiceOptions> = {
  invoicing: invoicingStandaloneOptions,
  payments: paymentsStandaloneOptions,
  collections: collectionsStandaloneOptions,
  disputes: disputesStandaloneOptions,
};
const serviceNames = Object.keys(serviceOptions) as ServiceName[];

/**
 * Issue #5's acceptance of write-offs, disputes and chargebacks across all four services: each
 * started as its standalone service (its own PostgreSQL database, relay and Kafka consumers, as
 * its main.ts does) in this one process, on one ManualClock the test moves. Every effect crosses
 * Kafka between the services; the test only calls their HTTP APIs and reads the notifications
 * topic, and publishes nothing itself. At the end every topic is consumed a second time.
 */
describe('collections and disputes with invoicing and payments, end to end on Kafka and PostgreSQL', () => {
  const clock = new ManualClock(`${day0}T09:00:00.000Z`);
  const suffix = `.e2e5${randomBytes(4).toString('hex')}`;
  const databases = {} as Record<ServiceName, TestDatabase>;
  const pools = {} as Record<ServiceName, Pool>;
  const services = {} as Record<ServiceName, StandaloneService>;
  const envs = {} as Record<ServiceName, Record<string, string>>;
  let notificationReader: Consumer;
  const notifications: DunningNotificationMessage[] = [];
  let clerk: string;
  let manager: string;
  let agent: string;
  /** A collections agent who is also a billing manager: may ask, may approve others', not own. */
  let agentManager: string;
  let scheduler: string;

  beforeAll(async () => {
    const kafka = getTestKafka();
    for (const name of serviceNames) {
      // One database per service here, so counting a store's events counts one service's. The
      // local stack and compose share one (category ownership separates the services); the
      // ledger's property test runs them that way.
      databases[name] = await createTestDatabase(`e2e5_${name}`);
      pools[name] = new Pool({ connectionString: databases[name].url, max: 2 });
      envs[name] = {
        DATABASE_URL: databases[name].url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_TOPIC_SUFFIX: suffix,
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        COLLECTIONS_WRITE_OFF_THRESHOLD: '250.00',
        PERSONAL_DATA_MASTER_KEY: masterKey,
      };
    }
    for (const name of serviceNames)
      services[name] = await startStandaloneService(serviceOptions[name], {
        env: envs[name],
        clock,
      });

    notificationReader = new Kafka({
      clientId: 'e2e5-email-sender',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `e2e5-email-sender-${randomUUID()}` });
    await notificationReader.connect();
    await notificationReader.subscribe({
      topics: [`${notificationsTopic}${suffix}`],
      fromBeginning: true,
    });
    await notificationReader.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(String(message.value)) as { data: DunningNotificationMessage };
        notifications.push(envelope.data);
      },
    });

    const token = (sub: string, roles: Role[]) => mintToken({ sub, roles, secret, ttl: 7_200 });
    clerk = await token('clerk-1', ['billing-clerk']);
    manager = await token('manager-1', ['billing-manager']);
    agent = await token('agent-1', ['collections-agent']);
    agentManager = await token('agent-2', ['collections-agent', 'billing-manager']);
    scheduler = await token('scheduler', ['service']);
  });

  afterAll(async () => {
    await notificationReader?.disconnect();
    for (const name of [...serviceNames].reverse()) await services[name]?.close();
    for (const name of serviceNames) {
      await pools[name]?.end();
      await databases[name]?.drop();
    }
  });

  const get = (name: ServiceName, path: string, token = clerk) =>
    httpCall(services[name].app, token, 'get', path);
  const post = (name: ServiceName, path: string, body: object, token = clerk) =>
    httpCall(services[name].app, token, 'post', path, body);

  const invoice = async (invoiceId: string) =>
    (await get('invoicing', `/invoicing/invoices/${invoiceId}`)).body;
  /** Collections' view of the account's only invoice. */
  const caseOf = async (accountId: string) =>
    (await get('collections', `/collections/billing-accounts/${accountId}/status`, agent)).body[
      'invoices'
    ]?.[0] as Json | undefined;
  const openDisputes = async (accountId: string) =>
    (await get('disputes', `/disputes/open-disputes?billingAccountId=${accountId}`)).body[
      'disputes'
    ] as Json[];

  /** The dunning scheduler as cron runs it, twice on the same day: the second run does nothing. */
  async function runDunning(): Promise<Array<[string, string, string]>> {
    const first = await post('collections', '/collections/dunning/run', {}, scheduler);
    expect(first.status).toBe(200);
    const second = await post('collections', '/collections/dunning/run', {}, scheduler);
    expect(second.body['stepsTaken']).toEqual([]);
    return (first.body['stepsTaken'] as Json[])
      .map((s): [string, string, string] => [s['invoiceId'], s['step'], s['amountConcerned']])
      .sort((a, b) => a[0].localeCompare(b[0]));
  }
  const steps = (...taken: Array<[IssuedInvoice, string, string]>) =>
    taken
      .map(([i, step, amount]): [string, string, string] => [i.invoiceId, step, amount])
      .sort((a, b) => a[0].localeCompare(b[0]));

  const at = (n: number) => clock.set(`${day(n)}T09:00:00.000Z`);

  /** Event count per stream in each service's store. */
  async function streamCounts(): Promise<Record<ServiceName, Record<string, number>>> {
    const counts = {} as Record<ServiceName, Record<string, number>>;
    for (const name of serviceNames) {
      const { rows } = await pools[name].query<{ stream_id: string; count: string }>(
        'SELECT stream_id, count(*) FROM event_store.events GROUP BY stream_id ORDER BY stream_id',
      );
      counts[name] = Object.fromEntries(rows.map((r) => [r.stream_id, Number(r.count)]));
    }
    return counts;
  }

  it('writes off with maker-checker, credits an accepted dispute part, resumes dunning after a rejection, opens a dispute from a chargeback, and a redelivery of every message changes nothing', async () => {
    // Day 0: four accounts, each with one invoice due on day 30.
    const writtenOff = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Writeoff', [
      '1000.00',
    ]);
    const partly = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Partly', [
      '800.00',
      '200.00',
    ]);
    const rejected = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Rejected', [
      '1000.00',
    ]);
    const charged = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Charged', [
      '400.00',
    ]);
    const all = [writtenOff, partly, rejected, charged];
    for (const i of all) expect(i.issued).toMatchObject({ dueDate: day(30), issueDate: day(0) });
    for (const { accountId, issued } of all) {
      await until(
        () => caseOf(accountId),
        (c) => c?.['amountOpen'] === issued['total'],
        'collections to follow the invoice from Kafka',
        waitMs,
      );
    }
    for (const { invoiceId } of [partly, rejected, charged]) {
      await until(
        () => get('disputes', `/disputes/invoices/${invoiceId}`),
        (r) => r.status === 200,
        'disputes to learn the invoice from Kafka',
        waitMs,
      );
    }

    // Day 5: the 400.00 invoice is paid by card in full; day 10 the card network charges it back.
    at(5);
    await until(
      () => get('payments', `/payments/billing-accounts/${charged.accountId}/payments`),
      (r) => (r.body['openInvoices'] ?? []).length === 1,
      'payments to learn the invoice from Kafka',
      waitMs,
    );
    const paid = await post('payments', '/payments/payments', {
      billingAccountId: charged.accountId,
      amount: '400.00',
      currency: 'USD',
      method: 'card',
      externalReference: 'CARD-E2E5-1',
      receivedDate: day(5),
      remittance: [{ invoiceId: charged.invoiceId, amount: '400.00' }],
    });
    expect(paid.status).toBe(201);
    const paymentId = paid.body['paymentId'] as string;
    await until(
      () => get('payments', `/payments/payments/${paymentId}`),
      (r) => r.body['applied'] === '400.00',
      'invoicing to apply the payment',
      waitMs,
    );
    await until(
      () => caseOf(charged.accountId),
      (c) => c?.['amountOpen'] === '0.00',
      'collections to learn the payment',
      waitMs,
    );
    at(10);
    const chargeback = await post(
      'payments',
      `/payments/payments/${paymentId}/chargebacks`,
      {
        chargebackReference: 'VISA-CB-E2E5-01',
        amount: '120.00',
        currency: 'USD',
        reasonCode: '13.3',
        reasonDescription: 'Not as described',
      },
      manager,
    );
    expect(chargeback.status).toBe(201);
    // 4. Disputes opens a dispute on its own, and collections holds the charged-back amount.
    const [chargebackDispute] = await until(
      () => openDisputes(charged.accountId),
      (list) => list.length === 1,
      'disputes to open a dispute from the chargeback',
      waitMs,
    );
    expect(chargebackDispute).toMatchObject({
      invoiceId: charged.invoiceId,
      source: 'chargeback',
      amount: '120.00',
      currency: 'USD',
      reasonCategory: expect.any(String),
    });
    const chargebackDisputeId = chargebackDispute?.['disputeId'] as string;
    expect((await get('disputes', `/disputes/disputes/${chargebackDisputeId}`)).body).toMatchObject(
      { source: 'chargeback', chargebackReference: 'VISA-CB-E2E5-01', status: 'open' },
    );
    expect(
      await until(
        () => caseOf(charged.accountId),
        (c) => c?.['amountOpen'] === '120.00' && c['amountHeld'] === '120.00',
        'collections to hold the charged-back amount',
        waitMs,
      ),
    ).toMatchObject({
      amountChaseable: '0.00',
      holds: [{ disputeId: chargebackDisputeId, amount: '120.00' }],
    });
    // Collections learns it from invoicing's topic, which can run ahead of invoicing's own read
    // model: wait for that too.
    await until(
      () => invoice(charged.invoiceId),
      (body) => body['amountOpen'] === '120.00',
      'invoicing to show the charged-back amount open again',
      waitMs,
    );

    // Day 31: the 200.00 line of one invoice and the whole of another are disputed.
    at(31);
    const travelLine = (partly.issued['lines'] as Json[]).find((l) => l['total'] === '200.00');
    const lineDispute = await post('disputes', '/disputes/disputes', {
      invoiceId: partly.invoiceId,
      scope: 'lines',
      lineIds: [travelLine?.['lineId']],
      reasonCategory: 'service_not_received',
      customerStatement: 'The trip was cancelled.',
    });
    expect(lineDispute.status).toBe(201);
    expect(lineDispute.body).toMatchObject({ amount: '200.00', source: 'manual' });
    const lineDisputeId = lineDispute.body['disputeId'] as string;
    const wholeDispute = await post('disputes', '/disputes/disputes', {
      invoiceId: rejected.invoiceId,
      scope: 'whole',
      reasonCategory: 'pricing_error',
      customerStatement: 'We were quoted less.',
    });
    expect(wholeDispute.status).toBe(201);
    expect(wholeDispute.body).toMatchObject({ amount: '1000.00' });
    const wholeDisputeId = wholeDispute.body['disputeId'] as string;
    await until(
      () => caseOf(partly.accountId),
      (c) => c?.['amountHeld'] === '200.00',
      'collections to hold the disputed line',
      waitMs,
    );
    await until(
      () => caseOf(rejected.accountId),
      (c) => c?.['amountHeld'] === '1000.00',
      'collections to hold the disputed invoice',
      waitMs,
    );

    // Day 37: first reminders, on what is not disputed only; the chargeback dispute is past its SLA.
    at(37);
    expect(await runDunning()).toEqual(
      steps([writtenOff, 'first_reminder', '1000.00'], [partly, 'first_reminder', '800.00']),
    );
    expect(await caseOf(partly.accountId)).toMatchObject({
      amountOpen: '1000.00',
      amountHeld: '200.00',
      amountChaseable: '800.00',
      stepsTaken: [{ step: 'first_reminder', takenOn: day(37) }],
    });
    expect(await caseOf(rejected.accountId)).toMatchObject({
      amountChaseable: '0.00',
      stepsTaken: [],
      blockedBy: 'nothing_to_chase',
    });
    const escalations = await post('disputes', '/disputes/escalations/run', {}, scheduler);
    expect(escalations.status).toBe(200);
    expect(escalations.body['escalated']).toEqual([
      expect.objectContaining({ disputeId: chargebackDisputeId }),
    ]);
    expect(
      (await post('disputes', '/disputes/escalations/run', {}, scheduler)).body['escalated'],
    ).toEqual([]);

    // 1. Day 40: a write-off of 500.00 (above the 250.00 threshold); maker-checker.
    at(40);
    const requested = await post(
      'collections',
      `/collections/billing-accounts/${writtenOff.accountId}/write-offs`,
      {
        amount: '500.00',
        invoices: [{ invoiceId: writtenOff.invoiceId, amount: '500.00' }],
        reason: 'Customer in administration',
      },
      agentManager,
    );
    expect(requested.status).toBe(201);
    const writeOffId = requested.body['writeOffId'] as string;
    expect(requested.body).toMatchObject({
      amount: '500.00',
      requestedBy: 'agent-2',
      status: 'pending',
    });
    const ownApproval = await post(
      'collections',
      `/collections/write-offs/${writeOffId}/approve`,
      {},
      agentManager,
    );
    expect(ownApproval.status).toBe(403);
    expect(
      (await get('collections', `/collections/write-offs/${writeOffId}`, agent)).body,
    ).toMatchObject({ status: 'pending', approval: null });
    const approval = await post(
      'collections',
      `/collections/write-offs/${writeOffId}/approve`,
      {},
      manager,
    );
    expect(approval.status).toBe(200);
    expect(approval.body).toMatchObject({
      status: 'approved',
      approval: expect.objectContaining({ approvedBy: 'manager-1' }),
    });
    expect(
      await until(
        () => invoice(writtenOff.invoiceId),
        (b) => b['amountOpen'] === '500.00',
        'invoicing to apply the write-off',
        waitMs,
      ),
    ).toMatchObject({ writeOffs: [{ writeOffId, amount: '500.00' }], creditNotes: [] });
    await until(
      () => caseOf(writtenOff.accountId),
      (c) => c?.['amountOpen'] === '500.00' && c['amountChaseable'] === '500.00',
      'collections to learn the lower open amount',
      waitMs,
    );

    // 2. Day 41: the line dispute is accepted for 150.00 of its 200.00.
    at(41);
    const accepted = await post(
      'disputes',
      `/disputes/disputes/${lineDisputeId}/acceptance`,
      { acceptedAmount: '150.00', explanation: 'Only the train tickets are refunded' },
      manager,
    );
    expect(accepted.status).toBe(200);
    const credited = await until(
      () => invoice(partly.invoiceId),
      (b) => b['amountOpen'] === '850.00',
      'invoicing to issue the credit note',
      waitMs,
    );
    expect(credited['creditNotes']).toEqual([
      expect.objectContaining({ amount: '150.00', reason: 'dispute', disputeId: lineDisputeId }),
    ]);
    expect(
      await until(
        () => caseOf(partly.accountId),
        (c) => c?.['amountOpen'] === '850.00' && c['amountHeld'] === '0.00',
        'collections to release the hold and learn the credit',
        waitMs,
      ),
    ).toMatchObject({ amountChaseable: '850.00', holds: [] });

    // 3. Day 42: the whole-invoice dispute is rejected: dunning resumes on all 1,000.00.
    at(42);
    const rejection = await post(
      'disputes',
      `/disputes/disputes/${wholeDisputeId}/rejection`,
      { explanation: 'The price is the one in the signed quote' },
      manager,
    );
    expect(rejection.status).toBe(200);
    await until(
      () => caseOf(rejected.accountId),
      (c) => c?.['amountHeld'] === '0.00' && c['amountChaseable'] === '1000.00',
      'collections to lift the hold',
      waitMs,
    );
    expect(await runDunning()).toEqual(steps([rejected, 'first_reminder', '1000.00']));

    // Day 51: the second reminders, each on what is chased now.
    at(51);
    expect(await runDunning()).toEqual(
      steps(
        [writtenOff, 'second_reminder', '500.00'],
        [partly, 'second_reminder', '850.00'],
        [rejected, 'second_reminder', '1000.00'],
      ),
    );
    expect(await caseOf(charged.accountId)).toMatchObject({
      amountChaseable: '0.00',
      stepsTaken: [],
    });

    // What an email sender on the notifications topic received.
    const reminders = await until(
      async () => notifications,
      (list) => list.length >= 6,
      'the reminders on the notifications topic',
      waitMs,
    );
    const sent = (i: IssuedInvoice) =>
      reminders
        .filter((n) => n.invoiceId === i.invoiceId)
        .map((n) => [n.step, n.amountConcerned, n.takenOn]);
    expect(sent(writtenOff)).toEqual([
      ['first_reminder', '1000.00', day(37)],
      ['second_reminder', '500.00', day(51)],
    ]);
    expect(sent(partly)).toEqual([
      ['first_reminder', '800.00', day(37)],
      ['second_reminder', '850.00', day(51)],
    ]);
    expect(sent(rejected)).toEqual([
      ['first_reminder', '1000.00', day(42)],
      ['second_reminder', '1000.00', day(51)],
    ]);
    expect(sent(charged)).toEqual([]);
    // The body names the customer: on the topic it is ciphertext, opened through collections' keys.
    const partlyReminder = reminders.find(
      (n) => n.invoiceId === partly.invoiceId && n.step === 'first_reminder',
    )!;
    expect(partlyReminder.body).toMatch(/^pd:v1:/);
    const keys = new SqlPersonalDataKeyStore({
      db: pools.collections,
      masterKey: masterKeyOf(Buffer.from(masterKey, 'base64')),
    });
    const opened = await openDunningNotification(
      {
        eventId: partlyReminder.notificationId,
        type: dunningNotificationType,
        data: partlyReminder,
      },
      new PersonalDataCipher(keys),
    );
    expect(opened.notification.body).toContain('USD 800.00');

    // 5. Redelivery: every service again on its own database, its consumers in fresh groups that
    // read every topic of the scenario from the beginning, so each message is handled twice.
    const snapshot = async () => ({
      streams: await streamCounts(),
      invoices: await Promise.all(all.map((i) => invoice(i.invoiceId))),
      cases: await Promise.all(all.map((i) => caseOf(i.accountId))),
      disputes: await Promise.all(
        [lineDisputeId, wholeDisputeId, chargebackDisputeId].map(
          async (id) => (await get('disputes', `/disputes/disputes/${id}`)).body,
        ),
      ),
      openDisputes: await Promise.all(all.map((i) => openDisputes(i.accountId))),
      payment: (await get('payments', `/payments/payments/${paymentId}`)).body,
    });
    const before = await snapshot();
    const notificationCountBefore = notifications.length;
    const groups = {} as Record<ServiceName, string[]>;
    for (const name of serviceNames) {
      const { rows } = await pools[name].query<{ consumer_group: string }>(
        'SELECT DISTINCT consumer_group FROM messaging.inbox ORDER BY consumer_group',
      );
      groups[name] = rows.map((r) => r.consumer_group);
    }
    // Every service consumed something: invoicing payments' allocations, collections' write-off
    // and disputes' decisions; payments invoices; collections and disputes the rest.
    expect(groups.invoicing).toEqual(
      expect.arrayContaining([
        'invoicing.dispute-credits',
        'invoicing.payment-allocations',
        'invoicing.write-offs',
      ]),
    );
    expect(groups.payments).toContain('payments.invoicing-events');
    expect(groups.collections).toEqual(
      expect.arrayContaining([
        'collections.disputes-events',
        'collections.invoicing-events',
        'collections.payments-events',
      ]),
    );
    expect(groups.disputes).toEqual(
      expect.arrayContaining(['disputes.chargebacks', 'disputes.invoicing-events']),
    );
    for (const name of [...serviceNames].reverse()) await services[name].close();
    for (const name of serviceNames)
      services[name] = await startStandaloneService(withFreshConsumerGroups(serviceOptions[name]), {
        env: envs[name],
        clock,
      });
    for (const name of serviceNames) {
      for (const group of groups[name]) {
        await until(
          () => messagesNotHandledAgain(pools[name], group),
          (missing) => missing === 0,
          `${group} to handle every message again`,
          waitMs,
        );
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(await invoice(partly.invoiceId)).toMatchObject({ creditNotes: [expect.anything()] });
    expect(await runDunning()).toEqual([]);
    expect(
      (await post('disputes', '/disputes/escalations/run', {}, scheduler)).body['escalated'],
    ).toEqual([]);

    // The notifications relay resends nothing: the next steps (day 60, call tasks) are the only
    // new messages once they have arrived.
    at(60);
    const calls = await runDunning();
    expect(calls).toEqual(
      steps(
        [writtenOff, 'collections_call', '500.00'],
        [partly, 'collections_call', '850.00'],
        [rejected, 'collections_call', '1000.00'],
      ),
    );
    await until(
      async () => notifications.filter((n) => n.step === 'collections_call').length,
      (count) => count >= 3,
      'the call tasks on the notifications topic',
      waitMs,
    );
    expect(notifications).toHaveLength(notificationCountBefore + 3);
    expect(new Set(notifications.map((n) => n.notificationId)).size).toBe(notifications.length);
  });
  it('published only messages that validate against the committed JSON Schema of their type', async () => {
    // Everything the four services put on their topics during the scenario above, read back as an
    // analytics consumer would, and checked against the schemas the AsyncAPI document points to.
    const topics = billingContexts.map((c) => `${contextTopic(c)}${suffix}`);
    const admin = new Kafka({
      clientId: 'e2e5-schema-admin',
      brokers: getTestKafka().brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    let expected = 0;
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic))
        expected += Number(p.high) - Number(p.low);
    await admin.disconnect();
    const values: Array<{ context: string; message: { type: string; schemaVersion: number } }> = [];
    const reader = new Kafka({
      clientId: 'e2e5-schema-reader',
      brokers: getTestKafka().brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `e2e5-schema-reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(String(message.value)) as { type: string; schemaVersion: number };
        const context = billingContexts.find((c) => topic === `${contextTopic(c)}${suffix}`) ?? '?';
        values.push({ context, message: value });
      },
    });
    await until(
      async () => values.length,
      (n) => n >= expected,
      `all ${expected} published messages read back`,
    );
    await reader.disconnect();
    const validatorFor = createSchemaValidator({ closed: true });
    const failures = values.flatMap((value) => {
      const { context, message } = value;
      const { type } = message;
      const validate = validatorFor(context, type, message.schemaVersion);
      return validate(message) ? [] : [{ type, errors: validate.errors }];
    });
    expect(expected).toBeGreaterThan(50);
    expect(new Set(values.map((v) => v.context)).size).toBe(4);
    expect(failures).toEqual([]);
  });
});
