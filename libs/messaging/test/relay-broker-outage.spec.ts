import { randomUUID } from 'node:crypto';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  type EventStore,
  type NewEvent,
} from '@billing/event-store';
import { migrate } from '@billing/sql-migrations';
import {
  createTestDatabase,
  startOwnKafka,
  type OwnKafka,
  type TestDatabase,
} from '@billing/testing';
import { Kafka, logLevel } from 'kafkajs';
import {
  createRelay,
  FollowerRegistry,
  fromKafkaMessage,
  provisionTopics,
  silentLogger,
  type Relay,
} from '../src';
import { readWholeTopic, waitFor } from './support/kafka-waits';

jest.setTimeout(150_000);

/** This suite's own broker (it is killed), on this helper's port range (controller on port + 1). */
const kafkaPort = 9360;
/**
 * Longer than any one reconnect pause (5 s), and at least 6 s after the relay reported retrying,
 * so it is in its own backoff loop (not a kafkajs retry) when the broker returns.
 */
const outageMs = 12_000;
/** Resuming must take about one capped pause, not the 15–30 s pauses of before. */
const resumeBoundMs = 10_000;

function invoiceEvent(accountId: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'InvoiceIssued',
    schemaVersion: 1,
    data: { billingAccountId: accountId, amountTotal: '10.10' },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'tester', roles: ['billing-coordinator'] },
      service: 'invoicing',
    },
    occurredAt: new Date(0).toISOString(),
  };
}

/**
 * The broker is away for longer than the reconnect cap; events are committed meanwhile. Once the
 * broker answers again, the relay publishes them within a few seconds, after the earlier ones and
 * in stream order.
 */
describe('a relay through a broker outage longer than its backoff cap (own broker)', () => {
  let broker: OwnKafka;
  let db: TestDatabase;
  let store: EventStore;
  let relay: Relay | undefined;
  const followers = new FollowerRegistry();
  const topic = 'test.h15.relay-outage';

  beforeAll(async () => {
    broker = startOwnKafka(kafkaPort);
    db = await createTestDatabase('h15_relay_outage');
    await migrate(db.url, [eventStoreMigrations]);
    store = createPostgresEventStore({ connectionString: db.url, poolConfig: { max: 2 } });
  });

  afterAll(async () => {
    await relay?.stop();
    await store?.close();
    broker?.destroy();
    await db?.drop();
  });

  const kafka = () =>
    new Kafka({
      clientId: 'h15-relay-outage',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    });

  async function append(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const account = `acct${i % 5}`;
      const event = invoiceEvent(account);
      await store.appendToStream(`invoice-${account}`, [event], { expected: 'any' });
      ids.push(event.eventId);
    }
    return ids;
  }

  it(`publishes what was committed during the outage within ${resumeBoundMs / 1000} s of the broker's return`, async () => {
    await provisionTopics({
      kafka: kafka(),
      topics: [topic],
      partitionCount: 3,
      logger: silentLogger,
    });
    relay = createRelay({
      store,
      brokers: broker.brokers,
      service: 'invoicing',
      topic,
      categories: ['invoice'],
      followers,
      logger: silentLogger,
    });
    await relay.start();
    const before = await append(20);
    await relay.caughtUp();

    broker.kill();
    const killedAt = Date.now();
    const during = await append(30);
    await waitFor(
      async () => (await followers.list()).some((f) => f.state === 'retrying'),
      'the relay to report retrying',
      outageMs + 60_000,
    );
    const retryingAfterMs = Date.now() - killedAt;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(6_000, outageMs - (Date.now() - killedAt))),
    );
    broker.start(); // returns once the broker answers
    const backAt = Date.now();
    await relay.caughtUp();
    const resumeMs = Date.now() - backAt;

    const records = (await readWholeTopic(kafka(), topic)).sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    );
    const firstSeen = new Map<string, number[]>();
    const onTopic = new Set<string>();
    for (const record of records) {
      const event = fromKafkaMessage(record);
      if (onTopic.has(event.eventId)) continue; // a resend of a batch whose acknowledgement was lost: allowed
      onTopic.add(event.eventId);
      firstSeen.set(event.streamId, [
        ...(firstSeen.get(event.streamId) ?? []),
        event.streamVersion,
      ]);
    }
    process.stdout.write(
      `relay outage: broker away ${((backAt - killedAt) / 1000).toFixed(1)} s, relay reported retrying after ` +
        `${(retryingAfterMs / 1000).toFixed(1)} s, published the ${during.length} events of the outage ` +
        `${(resumeMs / 1000).toFixed(1)} s after the broker answered; ${records.length} records for ${onTopic.size} events\n`,
    );
    expect([...before, ...during].filter((id) => !onTopic.has(id))).toEqual([]);
    for (const [streamId, versions] of firstSeen) {
      expect({ streamId, versions }).toEqual({ streamId, versions: versions.map((_, i) => i + 1) });
    }
    expect(resumeMs).toBeLessThan(resumeBoundMs);
  });
});
