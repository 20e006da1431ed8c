import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import {
  collectionsStandaloneOptions,
  openDunningNotification,
  type DunningNotificationEnvelope,
} from '@billing/collections-service';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { addDays, ManualClock } from '@billing/kernel';
import { billingTopics, notificationsTopic } from '@billing/messaging';
import { masterKeyOf, PersonalDataCipher, SqlPersonalDataKeyStore } from '@billing/personal-data';
import {
  mintToken,
  startStandaloneService,
  type StandaloneService,
  type StandaloneServiceOptions,
} from '@billing/platform';
import { httpCall, until, untilQuiescent, type Json } from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { runCli } from './support/run-cli';

jest.setTimeout(180_000);

const secret = 'personal-data-kafka-scan-e2e-secret-32chars';
const masterKey = randomBytes(32).toString('base64');
const day0 = '2026-01-05';
const waitMs = 60_000;

type ServiceName = 'invoicing' | 'collections' | 'disputes';
const serviceOptions: Record<ServiceName, StandaloneServiceOptions> = {
  invoicing: invoicingStandaloneOptions,
  collections: collectionsStandaloneOptions,
  disputes: disputesStandaloneOptions,
};
const serviceNames = Object.keys(serviceOptions) as ServiceName[];

/** One Kafka record as a consumer of the topic sees it: everything that travelled, as text. */
interface SeenMessage {
  topic: string;
  text: string;
  value: Json;
}

/**
 * Issue 14 point 5 as an outsider with read access to Kafka would check it: invoicing, collections
 * and disputes as standalone services on one PostgreSQL database and the shared broker. An account
 * with distinctive personal strings gets an invoice sent by email, a dispute in the customer's own
 * words and a dunning notice; every record on every billing.* topic of the run (keys, headers and
 * values) is read and none of those strings appears in clear. After the erasure the account, the
 * dispute and the idempotent retry of the dispute's opening show none of them, the notice already
 * on the topic opens as [erased] and is not sendable, and `verify` exits 0.
 */
describe('no personal data in clear on any billing topic, nor on any read path after erasure', () => {
  const clock = new ManualClock(`${day0}T09:00:00.000Z`);
  const suffix = `.e2epdscan${randomBytes(4).toString('hex')}`;
  const topics = billingTopics().map((topic) => `${topic}${suffix}`);
  const tag = randomBytes(5).toString('hex');
  const personal = {
    legalName: `Quillfeather ${tag} Trading`,
    billingContactName: `Ottoline ${tag} Brackwater`,
    email: `ottoline.${tag}@brackwater.example`,
    line1: `${tag} Saltmarsh Lane`,
    taxId: `GB${randomInt(100_000_000, 999_999_999)}`,
    statement: `Ottoline ${tag} says the survey boat never left harbour`,
  };
  const clearValues = () => Object.values(personal);
  let database: TestDatabase;
  let pool: Pool;
  let admin: Admin;
  let reader: Consumer;
  const seen: SeenMessage[] = [];
  const services = {} as Record<ServiceName, StandaloneService>;
  let clerk: string;
  let maker: string;
  let checker: string;
  let scheduler: string;
  let accountId: string;
  let disputeId: string;
  const disputeKey = randomUUID();
  let disputeBody: object;

  const call = (
    name: ServiceName,
    method: 'get' | 'post',
    path: string,
    body?: object,
    token = clerk,
  ) => httpCall(services[name].app, token, method, path, body);
  const openDispute = () =>
    request(services.disputes.app.getHttpServer())
      .post('/disputes/disputes')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', disputeKey)
      .send(disputeBody);
  const quiet = () =>
    untilQuiescent(
      pool,
      serviceNames.map((n) => services[n]),
    );

  beforeAll(async () => {
    const kafka = getTestKafka();
    database = await createTestDatabase('h14_pdscan');
    pool = new Pool({ connectionString: database.url, max: 2 });
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: suffix,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      PERSONAL_DATA_MASTER_KEY: masterKey,
    };
    const client = new Kafka({
      clientId: 'e2e-pdscan',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    admin = client.admin();
    await admin.connect();
    // Every billing.* topic exists before the reader subscribes, so none is missed.
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })) });
    for (const name of serviceNames)
      services[name] = await startStandaloneService(serviceOptions[name], { env, clock });
    reader = client.consumer({ groupId: `e2e-pdscan-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.entries(message.headers ?? {})
          .map(([name, value]) => `${name}=${String(value)}`)
          .join('\n');
        const value = String(message.value);
        seen.push({
          topic,
          text: [String(message.key), headers, value].join('\n'),
          value: JSON.parse(value) as Json,
        });
      },
    });
    const token = (sub: string, role: 'billing-clerk' | 'billing-manager' | 'service') =>
      mintToken({ sub, roles: [role], secret, ttl: 3_600 });
    [clerk, maker, checker, scheduler] = await Promise.all([
      token('clerk-1', 'billing-clerk'),
      token('manager-1', 'billing-manager'),
      token('manager-2', 'billing-manager'),
      token('scheduler', 'service'),
    ]);
  });

  afterAll(async () => {
    await reader?.disconnect();
    for (const name of [...serviceNames].reverse()) await services[name]?.close();
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.disconnect();
    await pool?.end();
    await database?.drop();
  });

  /** Waits until every event of the store and every expected notification is on the topics. */
  async function everything(notificationCount: number): Promise<SeenMessage[]> {
    const { rows } = await pool.query<{ event_id: string }>(
      'SELECT event_id::text FROM event_store.events',
    );
    await until(
      async () => {
        const ids = new Set(seen.map((m) => m.value['eventId']));
        const notices = seen.filter((m) => m.topic === `${notificationsTopic}${suffix}`).length;
        return { missing: rows.filter((r) => !ids.has(r.event_id)).length, notices };
      },
      (state) => state.missing === 0 && state.notices >= notificationCount,
      'every stored event and the notices on the topics',
      waitMs,
    );
    return [...seen];
  }

  function expectNoClear(messages: SeenMessage[]): void {
    const leaks = messages.flatMap((m) =>
      clearValues()
        .filter((clear) => m.text.includes(clear))
        .map((clear) => `${m.topic} ${String(m.value['type'])}: ${clear}`),
    );
    expect(leaks).toEqual([]);
  }

  it('opens, bills, disputes and dunns the account: not one personal string in clear on any billing topic', async () => {
    const opened = await call('invoicing', 'post', '/invoicing/billing-accounts', {
      legalName: personal.legalName,
      billingContactName: personal.billingContactName,
      email: personal.email,
      address: { line1: personal.line1, city: 'Whitby', postalCode: 'YO21 1AA', country: 'GB' },
      country: 'GB',
      taxId: personal.taxId,
      currency: 'GBP',
      paymentTermsDays: 30,
      purchaseOrderRequired: false,
    });
    expect(opened.status).toBe(201);
    accountId = opened.body['billingAccountId'] as string;
    const verified = await call(
      'invoicing',
      'post',
      `/invoicing/billing-accounts/${accountId}/verification`,
      {},
    );
    expect(verified.body).toMatchObject({ verified: true });
    const drafted = await call('invoicing', 'post', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'GBP',
      lines: [
        { description: 'Harbour survey', quantity: '1', unitPrice: '800.00', taxRate: '0' },
        { description: 'Boat hire', quantity: '1', unitPrice: '200.00', taxRate: '0' },
      ],
    });
    const invoiceId = drafted.body['invoiceId'] as string;
    const issued = await call('invoicing', 'post', `/invoicing/invoices/${invoiceId}/issue`, {});
    expect(issued.status).toBe(200);
    const sent = await call('invoicing', 'post', `/invoicing/invoices/${invoiceId}/sent`, {
      channel: 'email',
      recipient: personal.email,
    });
    expect(sent.status).toBe(200);
    await until(
      () => call('disputes', 'get', `/disputes/invoices/${invoiceId}`),
      (r) => r.status === 200,
      'disputes to learn the invoice from Kafka',
      waitMs,
    );

    // Day 31: the boat hire line is disputed in the customer's words, under a key kept for a retry.
    clock.set(`${addDays(day0, 31)}T09:00:00.000Z`);
    const boatLine = (issued.body['lines'] as Json[]).find((l) => l['total'] === '200.00');
    disputeBody = {
      invoiceId,
      scope: 'lines',
      lineIds: [boatLine?.['lineId']],
      reasonCategory: 'service_not_received',
      customerStatement: personal.statement,
    };
    const disputed = await openDispute();
    expect(disputed.status).toBe(201);
    expect(disputed.body).toMatchObject({ customerStatement: personal.statement });
    disputeId = disputed.body['disputeId'] as string;
    await until(
      () => call('collections', 'get', `/collections/billing-accounts/${accountId}/status`),
      (r) => (r.body['invoices'] as Json[] | undefined)?.[0]?.['amountHeld'] === '200.00',
      'collections to hold the disputed line',
      waitMs,
    );

    // Day 37: the first reminder, on the 800.00 not disputed.
    clock.set(`${addDays(day0, 37)}T09:00:00.000Z`);
    const dunned = await call('collections', 'post', '/collections/dunning/run', {}, scheduler);
    expect(dunned.body['stepsTaken']).toEqual([
      expect.objectContaining({ invoiceId, step: 'first_reminder', amountConcerned: '800.00' }),
    ]);
    await quiet();

    const messages = await everything(1);
    const byTopic = Object.fromEntries(
      topics.map((t) => [t.replace(suffix, ''), messages.filter((m) => m.topic === t).length]),
    );
    console.log(`messages read per topic: ${JSON.stringify(byTopic)}`);
    expectNoClear(messages);
    const notice = messages.find((m) => m.topic === `${notificationsTopic}${suffix}`)!;
    expect(notice.value['data']).toMatchObject({
      billingAccountId: accountId,
      amountConcerned: '800.00',
      recipient: {
        name: expect.stringMatching(/^pd:v1:/),
        email: expect.stringMatching(/^pd:v1:/),
      },
      body: expect.stringMatching(/^pd:v1:/),
    });
    // The system's own email sender opens it through the key store.
    const keys = new SqlPersonalDataKeyStore({
      db: pool,
      masterKey: masterKeyOf(Buffer.from(masterKey, 'base64')),
      cacheTtlMs: 0,
    });
    const opened2 = await openDunningNotification(
      notice.value as unknown as DunningNotificationEnvelope,
      new PersonalDataCipher(keys),
    );
    expect(opened2.sendable).toBe(true);
    expect(opened2.notification.recipient.email).toBe(personal.email);
    expect(opened2.notification.body).toContain(`Dear ${personal.billingContactName},`);
  });

  it('after the erasure: account, dispute and the idempotent retry show no personal data, the notice is not sendable, verify exits 0', async () => {
    expect(disputeId).toBeDefined();
    const requested = await call(
      'invoicing',
      'post',
      `/invoicing/billing-accounts/${accountId}/erasure`,
      { reason: 'customer request' },
      maker,
    );
    expect(requested.status).toBe(202);
    const approved = await call(
      'invoicing',
      'post',
      `/invoicing/billing-accounts/${accountId}/erasure/approve`,
      {},
      checker,
    );
    expect(approved.status).toBe(200);
    await quiet();

    const account = await call(
      'invoicing',
      'get',
      `/invoicing/billing-accounts/${accountId}`,
      undefined,
      maker,
    );
    const dispute = await until(
      () => call('disputes', 'get', `/disputes/disputes/${disputeId}`),
      // Another process of the stack forgets a destroyed key within its cache's 5 s.
      (r) => r.body['customerStatement'] === '[erased]',
      'the dispute to read as erased',
      waitMs,
    );
    const retried = await until(
      async () => await openDispute(),
      (r) => (r.body as Json)['customerStatement'] === '[erased]',
      'the replayed dispute opening to read as erased',
      waitMs,
    );
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toMatchObject({ disputeId, amount: '200.00' });
    expect(account.body).toMatchObject({
      legalName: '[erased]',
      email: '[erased]',
      currency: 'GBP',
    });
    const reads = JSON.stringify([account.body, dispute.body, retried.body]);
    for (const clear of clearValues()) expect(reads).not.toContain(clear);
    const stored = await pool.query<{ n: number; dump: string }>(
      "SELECT count(*)::int AS n, coalesce(string_agg(response::text, ''), '') AS dump FROM platform.idempotency_keys",
    );
    for (const clear of clearValues()) expect(stored.rows[0]!.dump).not.toContain(clear);

    const messages = await everything(1);
    console.log(
      `after erasure: ${messages.length} messages scanned, ${stored.rows[0]!.n} stored responses, ` +
        `retry replayed ${String(retried.headers['idempotent-replayed'])}`,
    );
    expectNoClear(messages);
    expect(messages.some((m) => m.value['type'] === 'PersonalDataErased')).toBe(true);
    const notice = messages.find((m) => m.topic === `${notificationsTopic}${suffix}`)!;
    const keys = new SqlPersonalDataKeyStore({
      db: pool,
      masterKey: masterKeyOf(Buffer.from(masterKey, 'base64')),
      cacheTtlMs: 0,
    });
    const opened = await openDunningNotification(
      notice.value as unknown as DunningNotificationEnvelope,
      new PersonalDataCipher(keys),
    );
    expect(opened).toMatchObject({
      sendable: false,
      notification: {
        recipient: { name: '[erased]' },
        body: '[erased]',
        amountConcerned: '800.00',
      },
    });

    const verified = await runCli(['verify', '--no-progress', '--database-url', database.url], {
      PERSONAL_DATA_MASTER_KEY: masterKey,
    });
    console.log(`verify exit ${verified.code}: ${verified.stdout.trim().split('\n').pop()}`);
    expect(verified.code).toBe(0);
  });
});
