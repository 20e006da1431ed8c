import request from 'supertest';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { contextTopic, fromKafkaMessage } from '@billing/messaging';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import {
  createTestDatabase,
  startOwnKafka,
  type OwnKafka,
  type TestDatabase,
} from '@billing/testing';
import { accountBody, post } from './support/fixtures';

jest.setTimeout(300_000);

const secret = 'kafka-away-secret-at-least-32-characters';
/** This suite's own broker, started only after the service: not the shared one. */
const kafkaPort = 9162;

/** Every record on `topic` (partition, offset order), read by a throw-away group. */
async function readTopic(
  brokers: string[],
  topic: string,
  expectedCount: number,
): Promise<Array<KafkaMessage & { partition: number }>> {
  const kafka = new Kafka({ clientId: 'kafka-away-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}` });
  const received: Array<KafkaMessage & { partition: number }> = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${received.length} records on ${topic}`)),
      60_000,
    );
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ ...message, partition });
        if (received.length >= expectedCount) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return received;
}

/**
 * Invoicing starts while its broker is down, takes commands that need only PostgreSQL, says in
 * /ready that it cannot reach Kafka, and once the broker is up its relay publishes everything it
 * missed, each account's events in the store's order.
 */
describe('invoicing started while Kafka is down (own broker)', () => {
  let broker: OwnKafka;
  let database: TestDatabase;
  let service: StandaloneService | undefined;

  beforeAll(async () => {
    broker = startOwnKafka(kafkaPort, { startNow: false });
    database = await createTestDatabase('inv_kafka_away');
  });

  afterAll(async () => {
    await service?.close();
    broker?.destroy();
    await database?.drop();
  });

  it('serves PostgreSQL-only commands, then relays them in order once the broker is up', async () => {
    service = await startStandaloneService(invoicingStandaloneOptions, {
      env: {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: broker.brokers.join(','),
        JWT_SECRET: secret,
        LOG_LEVEL: 'fatal',
      },
    });
    const app = service.app;
    const clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    const accountIds: string[] = [];
    for (const name of ['North', 'South', 'East']) {
      const opened = await post(
        app,
        clerk,
        '/invoicing/billing-accounts',
        accountBody({ legalName: `${name} Inc.` }),
      );
      expect(opened.status).toBe(201);
      accountIds.push(opened.body.billingAccountId);
      const verified = await post(
        app,
        clerk,
        `/invoicing/billing-accounts/${opened.body.billingAccountId}/verification`,
        {},
      );
      expect(verified.status).toBe(200);
    }
    const ready = await request(app.getHttpServer()).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'kafka', status: 'down' })]),
    );
    broker.start();
    await service.caughtUp.relay();

    const pool = database.pool({ max: 1 });
    const { rows } = await pool.query<{
      event_id: string;
      global_position: string;
      stream_id: string;
    }>(
      `SELECT event_id, global_position::text, stream_id FROM event_store.events
        WHERE category = ANY($1) ORDER BY global_position`,
      [invoicingStandaloneOptions.categories],
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const records = await readTopic(broker.brokers, contextTopic('invoicing'), rows.length);
    const published = records.map((r) => ({ partition: r.partition, event: fromKafkaMessage(r) }));
    expect(new Set(published.map((p) => p.event.eventId))).toEqual(
      new Set(rows.map((r) => r.event_id)),
    );
    // Per partition (so per account), records follow the store's global order.
    for (const partition of new Set(published.map((p) => p.partition))) {
      const positions = published
        .filter((p) => p.partition === partition)
        .map((p) => Number(p.event.globalPosition));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    for (const accountId of accountIds) {
      const ofAccount = published.filter((p) => p.event.streamId === `billingaccount-${accountId}`);
      expect(ofAccount.map((p) => p.event.type)).toEqual([
        'BillingAccountOpened',
        'BillingDetailsVerified',
      ]);
    }
    const deadline = Date.now() + 90_000;
    while ((await request(app.getHttpServer()).get('/ready')).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready after the broker came back');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
});
