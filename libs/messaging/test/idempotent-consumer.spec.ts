import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { migrate } from '@billing/sql-migrations';
import type { RecordedEvent } from '@billing/event-store';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { Pool } from 'pg';
import {
  createIdempotentConsumer,
  deadLetterHeaders,
  deadLetterTopic,
  headerValue,
  messagingMigrations,
  provisionTopics,
  silentLogger,
  toKafkaMessage,
  type IdempotentConsumer,
} from '../src';
import { recordedEvent } from './support/events';
import { groupCaughtUp, readWholeTopic, waitFor } from './support/kafka-waits';

jest.setTimeout(120_000);

describe('idempotent Kafka consumer (real Kafka, real PostgreSQL)', () => {
  const testKafka = getTestKafka();
  const kafka = new Kafka({
    clientId: 'msg-consumer-test',
    brokers: testKafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  let db: TestDatabase;
  let pool: Pool;
  let admin: Admin;
  let producer: Producer;
  const running: IdempotentConsumer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('msg_');
    await migrate(db.url, [messagingMigrations]);
    pool = new Pool({ connectionString: db.url, max: 4 });
    await pool.query('CREATE TABLE effects (event_id text NOT NULL, amount text NOT NULL)');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterEach(async () => {
    for (const consumer of running.splice(0)) await consumer.stop();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await pool?.end();
    await db?.drop();
  });

  async function produce(topic: string, events: RecordedEvent[]) {
    await producer.send({ topic, acks: -1, messages: events.map(toKafkaMessage) });
  }

  function consumer(
    groupId: string,
    topic: string,
    handle: (event: RecordedEvent, tx: import('pg').PoolClient) => Promise<void>,
  ) {
    const created = createIdempotentConsumer({
      kafka,
      groupId,
      topics: [topic],
      pool,
      retryCountMax: 2,
      retryBackoff: { delayInitialMs: 20, delayMaxMs: 50 },
      handle,
      logger: silentLogger,
    });
    running.push(created);
    return created;
  }

  const insertEffect = async (event: RecordedEvent, tx: import('pg').PoolClient) => {
    await tx.query('INSERT INTO effects (event_id, amount) VALUES ($1, $2)', [
      event.eventId,
      (event.data as { amountTotal: string }).amountTotal,
    ]);
  };

  async function effectCounts(eventIds: string[]) {
    const { rows } = await pool.query<{ total: string; distinct_ids: string }>(
      'SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_ids FROM effects WHERE event_id = ANY($1)',
      [eventIds],
    );
    return { total: Number(rows[0]!.total), distinctIds: Number(rows[0]!.distinct_ids) };
  }

  it('applies each event once although it is delivered many times', async () => {
    const topic = testKafka.uniqueTopic('msg-inbox');
    await provisionTopics({ kafka, topics: [topic], partitionCount: 3, logger: silentLogger });
    const events = Array.from({ length: 30 }, (_, i) =>
      recordedEvent(`acct-${i % 5}`, Math.floor(i / 5) + 1, i + 1),
    );
    const ids = events.map((e) => e.eventId);
    // Every event is on the topic twice, as a relay that crashed after sending would leave it.
    await produce(topic, events);
    await produce(topic, events);

    const groupId = `${topic}.group`;
    const first = consumer(groupId, topic, insertEffect);
    await first.start();
    // Its own readiness signal: everything on the topic at the call is handled and committed.
    await first.caughtUp();
    await first.stop();
    running.pop();
    expect(await effectCounts(ids)).toEqual({ total: 30, distinctIds: 30 });

    // Replay the whole topic to the same group, with more duplicates on top.
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await produce(topic, events.slice(0, 10));
    const second = consumer(groupId, topic, insertEffect);
    await second.start();
    await waitFor(() => groupCaughtUp(admin, groupId, topic), 'the replay');

    expect(await effectCounts(ids)).toEqual({ total: 30, distinctIds: 30 });
    const inbox = await pool.query(
      'SELECT count(*)::int AS n FROM messaging.inbox WHERE consumer_group = $1',
      [groupId],
    );
    expect(inbox.rows[0].n).toBe(30);
  });

  it('commits a run of messages in one transaction, and a failing one alone without losing the others', async () => {
    const topic = testKafka.uniqueTopic('msg-run');
    await provisionTopics({
      kafka,
      topics: [topic, deadLetterTopic],
      partitionCount: 1,
      logger: silentLogger,
    });
    const events = Array.from({ length: 40 }, (_, i) => recordedEvent('acct-run', i + 1, i + 1));
    const poison = events[17]!;
    await produce(topic, events);
    const groupId = `${topic}.group`;
    const attempts: string[] = [];
    const batched = consumer(groupId, topic, async (event, tx) => {
      attempts.push(event.eventId);
      await insertEffect(event, tx);
      if (event.eventId === poison.eventId) throw new Error('ledger account is closed');
    });
    await batched.start();
    await batched.caughtUp();
    const good = events.filter((e) => e !== poison).map((e) => e.eventId);
    expect(await effectCounts(good)).toEqual({ total: 39, distinctIds: 39 });
    expect(await effectCounts([poison.eventId])).toEqual({ total: 0, distinctIds: 0 });
    // First try (in the run) + retryCountMax, as when each message had its own transaction.
    expect(attempts.filter((id) => id === poison.eventId)).toHaveLength(3);

    // A clean run commits together: its inbox rows share one transaction.
    const clean = Array.from({ length: 30 }, (_, i) => recordedEvent('acct-run', 41 + i, 41 + i));
    await produce(topic, clean);
    await batched.caughtUp();
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(DISTINCT xmin::text)::int AS n FROM messaging.inbox WHERE consumer_group = $1 AND event_id = ANY($2)',
      [groupId, clean.map((e) => e.eventId)],
    );
    expect(rows[0]!.n).toBeLessThan(clean.length / 2);
  });

  it('dead-letters a message that keeps failing and goes on with the partition', async () => {
    const topic = testKafka.uniqueTopic('msg-dlq');
    await provisionTopics({
      kafka,
      topics: [topic, deadLetterTopic],
      partitionCount: 1,
      logger: silentLogger,
    });
    const poison = recordedEvent('acct-poison', 1, 1);
    const next = recordedEvent('acct-poison', 2, 2);
    await produce(topic, [poison, next]);

    const attempts: string[] = [];
    const groupId = `${topic}.group`;
    const failing = consumer(groupId, topic, async (event, tx) => {
      attempts.push(event.eventId);
      await insertEffect(event, tx); // rolled back with the failure: no half-applied effect
      if (event.eventId === poison.eventId) throw new Error('ledger account is closed');
    });
    await failing.start();
    await waitFor(
      async () => (await effectCounts([next.eventId])).total === 1,
      'the next message to be handled',
    );
    await waitFor(() => groupCaughtUp(admin, groupId, topic), 'the offsets to be committed');

    expect(attempts.filter((id) => id === poison.eventId)).toHaveLength(3); // first try + retryCountMax
    expect(await effectCounts([poison.eventId])).toEqual({ total: 0, distinctIds: 0 });

    const dead = (await readWholeTopic(kafka, deadLetterTopic)).filter(
      (m) => headerValue(m.headers, deadLetterHeaders.sourceTopic) === topic,
    );
    expect(dead).toHaveLength(1);
    const [record] = dead;
    expect(record!.value!.toString()).toBe(toKafkaMessage(poison).value);
    expect(record!.key!.toString()).toBe('acct-poison');
    expect(headerValue(record!.headers, deadLetterHeaders.reason)).toBe(
      'Error: ledger account is closed',
    );
    expect(headerValue(record!.headers, deadLetterHeaders.consumerGroup)).toBe(groupId);
    expect(headerValue(record!.headers, deadLetterHeaders.sourcePartition)).toBe('0');
    expect(headerValue(record!.headers, deadLetterHeaders.sourceOffset)).toBe('0');
    expect(headerValue(record!.headers, 'event-id')).toBe(poison.eventId);
  });

  it('dead-letters a message that is not an event without retrying', async () => {
    const topic = testKafka.uniqueTopic('msg-poison');
    await provisionTopics({ kafka, topics: [topic], partitionCount: 1, logger: silentLogger });
    const next = recordedEvent('acct-x', 1, 1);
    await producer.send({ topic, acks: -1, messages: [{ key: 'acct-x', value: 'not json' }] });
    await produce(topic, [next]);
    const groupId = `${topic}.group`;
    await consumer(groupId, topic, insertEffect).start();
    await waitFor(
      async () => (await effectCounts([next.eventId])).total === 1,
      'the next message to be handled',
    );
    const dead = (await readWholeTopic(kafka, deadLetterTopic)).filter(
      (m) => headerValue(m.headers, deadLetterHeaders.sourceTopic) === topic,
    );
    expect(dead.map((m) => headerValue(m.headers, deadLetterHeaders.reason))).toEqual([
      'Not a billing event message: value is not JSON',
    ]);
  });
});
