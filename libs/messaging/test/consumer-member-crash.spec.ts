import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { eventStoreMigrations } from '@billing/event-store';
import { migrate } from '@billing/sql-migrations';
import {
  compiledNodeArgs,
  createTestDatabase,
  getTestKafka,
  type TestDatabase,
} from '@billing/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import {
  consumerGroupTiming,
  createIdempotentConsumer,
  messagingMigrations,
  provisionTopics,
  silentLogger,
  toKafkaMessage,
  type IdempotentConsumer,
} from '../src';
import { recordedEvent } from './support/events';
import { groupCaughtUp, waitFor } from './support/kafka-waits';

jest.setTimeout(90_000);

const eventCount = 1_200;
const partitionCount = 4;
/** Per event: slow enough that the killed member dies with work in hand. */
const handleMs = 10;
/** The bounds this test proves: the session timeout (15 s) and a rebalance; then the rest of the work. */
const takeoverBoundMs = 25_000;
const healBoundMs = 40_000;
const workspaceRoot = path.resolve(__dirname, '../../..');
const memberScript = path.join(__dirname, 'support/consumer-process.ts');

/**
 * Two members of one group; one dies by SIGKILL (no LeaveGroup: the broker only learns of it when
 * its session times out). The survivor takes its partitions over and handles every remaining
 * event, and no event's effect is lost or applied twice (the inbox skips redeliveries).
 */
describe('a consumer group member killed with work in hand (shared broker)', () => {
  const testKafka = getTestKafka();
  const kafka = new Kafka({
    clientId: 'h15-member-crash',
    brokers: testKafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = testKafka.uniqueTopic('h15-member-crash');
  const groupId = `h15.member-crash.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  let db: TestDatabase;
  let pool: Pool;
  let survivor: IdempotentConsumer | undefined;
  let victim: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('h15_member_crash');
    // The event store's migrations create the service role the inbox's row policy names.
    await migrate(db.url, [eventStoreMigrations, messagingMigrations]);
    pool = db.pool({ max: 4 });
    await pool.query(
      'CREATE TABLE effects (event_id text NOT NULL, member text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
    await provisionTopics({ kafka, topics: [topic], partitionCount, logger: silentLogger });
    await admin.connect();
  });

  afterAll(async () => {
    victim?.kill('SIGKILL');
    await survivor?.stop();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    await db?.drop();
  });

  function startVictim(): ChildProcess {
    const child = spawn(process.execPath, compiledNodeArgs(memberScript), {
      cwd: workspaceRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testKafka.brokers.join(','),
        GROUP_ID: groupId,
        TOPIC: topic,
        MEMBER_NAME: 'victim',
        HANDLE_MS: String(handleMs),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.resume();
    return child;
  }

  async function effects(): Promise<{
    total: number;
    distinct: number;
    victim: number;
    survivor: number;
  }> {
    const { rows } = await pool.query<{
      total: number;
      distinct: number;
      victim: number;
      survivor: number;
    }>(
      `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct,
              count(*) FILTER (WHERE member = 'victim')::int AS victim,
              count(*) FILTER (WHERE member = 'survivor')::int AS survivor
         FROM effects`,
    );
    return rows[0]!;
  }

  /**
   * From the kill to the survivor's first effect on a partition the victim held at the kill: one
   * whose latest effect before the kill was the victim's.
   */
  async function firstTakeoverMs(killedAt: Date): Promise<number> {
    const { rows } = await pool.query<{ ms: number | null }>(
      `WITH handled AS (
         SELECT e.member, e.at, i.kafka_partition FROM effects e
           JOIN messaging.inbox i ON i.event_id = e.event_id AND i.consumer_group = $2),
       victims AS (
         SELECT DISTINCT ON (kafka_partition) kafka_partition, member FROM handled
          WHERE at < $1 ORDER BY kafka_partition, at DESC)
       SELECT (extract(epoch FROM min(at) - $1::timestamptz) * 1000)::float8 AS ms FROM handled
        WHERE member = 'survivor' AND at > $1
          AND kafka_partition IN (SELECT kafka_partition FROM victims WHERE member = 'victim')`,
      [killedAt, groupId],
    );
    return rows[0]?.ms ?? Number.POSITIVE_INFINITY;
  }

  async function dbNow(): Promise<Date> {
    return (await pool.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
  }

  async function produce(): Promise<void> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const events = Array.from({ length: eventCount }, (_, i) =>
      recordedEvent(`acct-${i % 40}`, Math.floor(i / 40) + 1, i + 1),
    );
    for (let i = 0; i < events.length; i += 100) {
      await producer.send({
        topic,
        acks: -1,
        messages: events.slice(i, i + 100).map(toKafkaMessage),
      });
    }
    await producer.disconnect();
  }

  it(`the survivor takes over a SIGKILLed member's partitions within ${takeoverBoundMs / 1000} s, no effect lost or doubled`, async () => {
    expect(consumerGroupTiming.sessionTimeout).toBeLessThanOrEqual(15_000);
    await produce();
    victim = startVictim();
    await waitFor(async () => (await effects()).victim > 0, 'the victim to handle events');

    survivor = createIdempotentConsumer({
      brokers: testKafka.brokers,
      groupId,
      topics: [topic],
      pool,
      retryCountMax: 2,
      logger: silentLogger,
      handle: async (event, tx) => {
        await new Promise((resolve) => setTimeout(resolve, handleMs));
        await tx.query('INSERT INTO effects (event_id, member) VALUES ($1, $2)', [
          event.eventId,
          'survivor',
        ]);
      },
    });
    await survivor.start();
    // Both members at work on their own partitions: the group has split them.
    const victimBefore = (await effects()).victim;
    await waitFor(async () => {
      const now = await effects();
      return now.survivor > 0 && now.victim > victimBefore;
    }, 'both members to handle events after the split');

    const atKill = await effects();
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    const killedAtDb = await dbNow();
    await waitFor(
      async () => (await effects()).distinct === eventCount,
      'every event handled',
      60_000,
    );
    const handledAllMs = Date.now() - killedAt;
    await waitFor(
      () => groupCaughtUp(admin, groupId, topic),
      'the group offsets at the end',
      30_000,
    );
    const healedMs = Date.now() - killedAt;
    const after = await effects();
    const takeoverMs = await firstTakeoverMs(killedAtDb);

    process.stdout.write(
      `member crash: ${eventCount} events, ${atKill.distinct} handled at the kill (victim ${atKill.victim}, ` +
        `survivor ${atKill.survivor}); all handled ${(handledAllMs / 1000).toFixed(1)} s after the kill, ` +
        `offsets at the end ${(healedMs / 1000).toFixed(1)} s after; the survivor's first event on a dead ` +
        `member's partition ${(takeoverMs / 1000).toFixed(1)} s after; effects ${after.total} for ${after.distinct} ids\n`,
    );
    expect(atKill.distinct).toBeLessThan(eventCount); // the victim died with work in hand
    expect({ total: after.total, distinct: after.distinct }).toEqual({
      total: eventCount,
      distinct: eventCount,
    });
    expect(takeoverMs).toBeLessThan(takeoverBoundMs);
    expect(healedMs).toBeLessThan(healBoundMs);
  });
});
