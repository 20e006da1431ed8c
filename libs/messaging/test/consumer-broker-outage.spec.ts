import {
  createTestDatabase,
  startOwnKafka,
  type OwnKafka,
  type TestDatabase,
} from '@billing/testing';
import { migrate } from '@billing/sql-migrations';
import type { RecordedEvent } from '@billing/event-store';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import {
  createIdempotentConsumer,
  FollowerRegistry,
  messagingMigrations,
  provisionTopics,
  silentLogger,
  toKafkaMessage,
  type IdempotentConsumer,
} from '../src';
import { recordedEvent } from './support/events';
import { waitFor } from './support/kafka-waits';

jest.setTimeout(240_000);

/** This suite's own broker (it is killed), on this project's test port range. */
const kafkaPort = 9160;
const outageMs = 22_000;

/**
 * The broker dies for longer than kafkajs retries (~12 s, after which it gives up on the consumer
 * with a non-retriable error): the consumer reports itself retrying, reconnects when the broker is
 * back, and handles what was published before and after, each event once.
 */
describe('an idempotent consumer through a broker outage (own broker)', () => {
  let broker: OwnKafka;
  let db: TestDatabase;
  let pool: Pool;
  let consumer: IdempotentConsumer | undefined;
  const followers = new FollowerRegistry();
  const topic = 'test.outage.events';

  beforeAll(async () => {
    broker = startOwnKafka(kafkaPort);
    db = await createTestDatabase('msg_outage');
    await migrate(db.url, [messagingMigrations]);
    pool = db.pool({ max: 4 });
    await pool.query('CREATE TABLE effects (event_id text NOT NULL)');
  });

  afterAll(async () => {
    await consumer?.stop();
    broker?.destroy();
    await db?.drop();
  });

  const kafka = () =>
    new Kafka({ clientId: 'outage-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });

  async function produce(events: RecordedEvent[]): Promise<void> {
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: events.map(toKafkaMessage) });
    await producer.disconnect();
  }

  async function effects(): Promise<{ total: number; distinct: number }> {
    const { rows } = await pool.query<{ total: number; distinct: number }>(
      'SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM effects',
    );
    return rows[0] ?? { total: 0, distinct: 0 };
  }

  it('rides through a 22 s broker outage and handles every event once', async () => {
    await provisionTopics({
      kafka: kafka(),
      topics: [topic],
      partitionCount: 3,
      logger: silentLogger,
    });
    consumer = createIdempotentConsumer({
      brokers: broker.brokers,
      groupId: 'outage.group',
      topics: [topic],
      pool,
      retryCountMax: 2,
      followers,
      reconnectBackoff: { delayInitialMs: 500, delayMaxMs: 3_000 },
      logger: silentLogger,
      handle: async (event, tx) => {
        await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [event.eventId]);
      },
    });
    await consumer.start();
    const before = Array.from({ length: 20 }, (_, i) =>
      recordedEvent(`acct-${i % 4}`, i + 1, i + 1),
    );
    await produce(before);
    await waitFor(async () => (await effects()).distinct === 20, 'the first events');

    broker.kill();
    const killedAt = Date.now();
    await waitFor(
      async () => (await followers.list()).some((f) => f.state === 'retrying'),
      'the consumer to report that it is retrying',
      outageMs,
    );
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, outageMs - (Date.now() - killedAt))),
    );
    expect((await followers.list()).map((f) => f.name)).toEqual(['outage.group']); // still there
    broker.start();

    const after = Array.from({ length: 20 }, (_, i) =>
      recordedEvent(`acct-${i % 4}`, i + 21, i + 21),
    );
    await produce(after);
    await waitFor(
      async () => (await effects()).distinct === 40,
      'the events published after the outage',
      90_000,
    );
    await consumer.caughtUp({ timeoutMs: 60_000 });
    expect(await effects()).toEqual({ total: 40, distinct: 40 });
    await waitFor(
      async () => (await followers.list())[0]?.state === 'running',
      'the consumer to run again',
    );
    expect((await followers.list())[0]).toMatchObject({ lag: 0 });
  });
});
