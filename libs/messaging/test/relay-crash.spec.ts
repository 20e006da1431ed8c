import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  type EventStore,
  type NewEvent,
} from '@billing/event-store';
import { migrate } from '@billing/sql-migrations';
import {
  compiledNodeArgs,
  createTestDatabase,
  getTestKafka,
  type TestDatabase,
} from '@billing/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import {
  createIdempotentConsumer,
  fromKafkaMessage,
  messagingMigrations,
  provisionTopics,
  silentLogger,
} from '../src';
import { groupCaughtUp, readWholeTopic, waitFor } from './support/kafka-waits';

// Twenty relay processes started and killed, then a consumer reads 5,000+ records: on a quiet
// machine about a minute, on two cores shared with a CI burner and other suites (load 20) over
// four. A correctness test, so the bound is generous; each wait inside has its own.
jest.setTimeout(600_000);

const eventCount = 5_000;
const accountCount = 200;
const writerCount = 5; // divides the events of one round (250) evenly
const killCount = 20;
const workspaceRoot = path.resolve(__dirname, '../../..');
const relayScript = path.join(__dirname, 'support/relay-process.ts');

describe('relay under repeated SIGKILL (real PostgreSQL event store, real Kafka)', () => {
  const testKafka = getTestKafka();
  const kafka = new Kafka({
    clientId: 'msg-relay-crash-test',
    brokers: testKafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = testKafka.uniqueTopic('msg-relay');
  let db: TestDatabase;
  let store: EventStore;
  let pool: Pool;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    db = await createTestDatabase('msg_');
    await migrate(db.url, [eventStoreMigrations, messagingMigrations]);
    store = createPostgresEventStore({
      connectionString: db.url,
      poolConfig: { max: writerCount },
    });
    pool = new Pool({ connectionString: db.url, max: 2 });
    await pool.query('CREATE TABLE effects (event_id text NOT NULL)');
    await provisionTopics({ kafka, topics: [topic], partitionCount: 3, logger: silentLogger });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await store?.close();
    await pool?.end();
    await db?.drop();
  });

  /** Starts a relay process; resolves its exit, and counts the batches it reported as published. */
  function startRelay(exitWhenCaughtUp: boolean) {
    const child = spawn(process.execPath, compiledNodeArgs(relayScript), {
      cwd: workspaceRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testKafka.brokers.join(','),
        RELAY_TOPIC: topic,
        RELAY_CATEGORY: 'invoice',
        RELAY_SUBSCRIPTION_ID: 'relay-crash-test',
        RELAY_EXIT_WHEN_CAUGHT_UP: exitWhenCaughtUp ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const state = { batchCount: 0, stderr: '' };
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('relay started')) markStarted();
      state.batchCount += text.split('relay published batch').length - 1;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      state.stderr = (state.stderr + chunk.toString()).slice(-4_000);
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        children.delete(child);
        resolve(code);
      }),
    );
    return { child, exited, started, state };
  }

  function invoiceEvent(accountId: string): NewEvent {
    return {
      eventId: randomUUID(),
      type: 'InvoiceIssued',
      schemaVersion: 1,
      data: { billingAccountId: accountId, amountTotal: '100.10' },
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'tester', roles: ['billing-coordinator'] },
        service: 'invoicing',
      },
      occurredAt: new Date(0).toISOString(),
    };
  }

  /** Appends `count` events over many account streams, in appends of 1 to 3 events. */
  async function writeEvents(count: number): Promise<void> {
    const perWriter = count / writerCount;
    await Promise.all(
      Array.from({ length: writerCount }, async (_, writer) => {
        let written = 0;
        while (written < perWriter) {
          const account = `acct${writer}x${randomInt(accountCount / writerCount)}`;
          const size = Math.min(randomInt(1, 4), perWriter - written);
          await store.appendToStream(
            `invoice-${account}`,
            Array.from({ length: size }, () => invoiceEvent(account)),
            { expected: 'any' },
          );
          written += size;
        }
      }),
    );
  }

  /**
   * Each round appends its share of the events while a fresh relay starts and publishes, and
   * SIGKILLs the relay after a random number of published batches plus a random few
   * milliseconds: often between Kafka's acknowledgement and the checkpoint save.
   */
  async function writeWhileKillingRepeatedly(): Promise<number> {
    let killsAfterPublishing = 0;
    for (let kill = 0; kill < killCount; kill += 1) {
      const relay = startRelay(false);
      const writing = writeEvents(eventCount / killCount);
      await Promise.race([relay.started, relay.exited]);
      const batchCountTarget = randomInt(1, 4);
      const deadline = Date.now() + 3_000;
      while (relay.state.batchCount < batchCountTarget && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 40)));
      relay.child.kill('SIGKILL');
      await relay.exited;
      await writing;
      if (relay.state.batchCount > 0) killsAfterPublishing += 1;
    }
    return killsAfterPublishing;
  }

  it('publishes every stored event at least once, in stream order per key, and consumers apply each once', async () => {
    const killsAfterPublishing = await writeWhileKillingRepeatedly();
    // The kills must have hit relays at work, not only relays still starting up.
    expect(killsAfterPublishing).toBeGreaterThanOrEqual(killCount / 2);

    const last = startRelay(true);
    const exitCode = await last.exited;
    expect({ exitCode, stderr: exitCode === 0 ? '' : last.state.stderr }).toEqual({
      exitCode: 0,
      stderr: '',
    });

    const stored = new Set<string>();
    for await (const { event } of store.readAll({ filter: { categories: ['invoice'] } }))
      stored.add(event.eventId);
    expect(stored.size).toBe(eventCount);

    const records = (await readWholeTopic(kafka, topic)).sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    );
    const onTopic = new Set<string>();
    const versionsFirstSeenPerKey = new Map<string, number[]>();
    for (const record of records) {
      const event = fromKafkaMessage(record);
      if (onTopic.has(event.eventId)) continue; // a resend after a kill: allowed, ignored
      onTopic.add(event.eventId);
      const key = record.key?.toString() ?? '';
      versionsFirstSeenPerKey.set(key, [
        ...(versionsFirstSeenPerKey.get(key) ?? []),
        event.streamVersion,
      ]);
    }
    expect([...stored].filter((id) => !onTopic.has(id))).toEqual([]); // none missing
    expect([...onTopic].filter((id) => !stored.has(id))).toEqual([]); // none invented
    for (const [key, versions] of versionsFirstSeenPerKey) {
      const outOfOrder = versions.filter((v, i) => i > 0 && v < versions[i - 1]!);
      expect({ key, outOfOrder }).toEqual({ key, outOfOrder: [] });
    }
    process.stdout.write(
      `relay crash test: ${records.length} records for ${onTopic.size} events, ${killsAfterPublishing}/${killCount} kills hit a publishing relay\n`,
    );

    const groupId = `${topic}.ledger`;
    const consumer = createIdempotentConsumer({
      kafka,
      groupId,
      topics: [topic],
      pool,
      retryCountMax: 2,
      handle: async (event, tx) => {
        await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [event.eventId]);
      },
      logger: silentLogger,
    });
    await consumer.start();
    try {
      await waitFor(
        () => groupCaughtUp(kafkaAdmin, groupId, topic),
        'the consumer to reach the end of the topic',
        300_000,
      );
    } finally {
      await consumer.stop();
    }
    const { rows } = await pool.query<{ total: number; distinct_ids: number }>(
      'SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct_ids FROM effects',
    );
    expect(rows[0]).toEqual({ total: eventCount, distinct_ids: eventCount });
  });

  const kafkaAdmin = kafka.admin();
  beforeAll(() => kafkaAdmin.connect());
  afterAll(() => kafkaAdmin.disconnect());
});
