import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import type { TestDatabase } from '@billing/testing';
import { newEvent } from '../testing/event-store.contract';
import type { RecordedEvent } from '../src/port/envelope';
import { START, type Checkpoint, type Subscription } from '../src/port/event-store.port';
import { saveCheckpointWith } from '../src/sql/checkpoints';
import { pgExecutor } from '../src/postgres/postgres.backend';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { startGlobalChainSealer } from '../src/integrity/global-chain.sealer';
import { verify } from '../src/integrity/verify';
import { createEventStoreDatabase, sealAll, sleep } from './helpers';

const writerCount = 8;
const eventCountTarget = 20_000;
const batchSize = 5;
const streamCount = 400;
const projectionId = 'seen-projection';

/**
 * Writers hold some transactions open (0-50 ms) after appending, roll some back, and race on shared
 * streams, while a projection follows live and records each event id with its checkpoint in one
 * transaction. Midway the projection is killed (its connection terminated mid-transaction) and
 * restarted from its checkpoint.
 */
describe('live subscriber under concurrent writers (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let admin: Client;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    store = createPostgresEventStore({ connectionString: database.url });
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      'CREATE TABLE public.seen (event_id uuid PRIMARY KEY, stream_id text NOT NULL, stream_version bigint NOT NULL)',
    );
  });
  afterAll(async () => {
    await admin?.end();
    await store?.close();
    await database?.drop();
  });

  it('delivers every committed event exactly once, in stream order, across a crash, and the sealed chain verifies', async () => {
    const committed = new Set<string>();
    const lastVersionDelivered = new Map<string, number>();
    const orderViolations: string[] = [];
    let delivered = 0;

    /** The projection: writes + checkpoint in one transaction on its own connection. */
    const startProjection = async (): Promise<{ subscription: Subscription; client: Client }> => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      client.on('error', () => undefined);
      const db = pgExecutor(client);
      let position: Checkpoint = START;
      const subscription = store.subscribe({
        subscriptionId: projectionId,
        batchSizeMax: 250,
        loadCheckpoint: async () => {
          const { rows } = await client.query(
            'SELECT position FROM event_store.checkpoints WHERE subscription_id = $1',
            [projectionId],
          );
          position = rows[0]?.position ?? START;
          return position;
        },
        handle: async (events: RecordedEvent[], checkpoint: Checkpoint) => {
          await client.query('BEGIN');
          try {
            await client.query(
              'INSERT INTO public.seen (event_id, stream_id, stream_version) SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])',
              [
                events.map((e) => e.eventId),
                events.map((e) => e.streamId),
                events.map((e) => e.streamVersion),
              ],
            );
            await saveCheckpointWith(db, projectionId, position, checkpoint);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
          position = checkpoint;
          for (const event of events) {
            const previous = lastVersionDelivered.get(event.streamId) ?? 0;
            if (event.streamVersion !== previous + 1) {
              orderViolations.push(`${event.streamId} v${event.streamVersion} after v${previous}`);
            }
            lastVersionDelivered.set(event.streamId, event.streamVersion);
          }
          delivered += events.length;
        },
      });
      return { subscription, client };
    };

    const writer = async (index: number): Promise<void> => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const db = pgExecutor(client);
      try {
        while (committed.size < eventCountTarget) {
          const streamId = `account-${randomInt(streamCount)}`;
          const events = Array.from({ length: batchSize }, (_, n) =>
            newEvent('Posted', { writer: index, n }),
          );
          const holdOpen = randomInt(100) < 20;
          const rollBack = randomInt(100) < 5;
          await client.query('BEGIN');
          await store.appendWith(db, streamId, events, { expected: 'any' });
          if (holdOpen) await sleep(randomInt(51));
          if (rollBack) {
            await client.query('ROLLBACK');
            continue;
          }
          await client.query('COMMIT');
          for (const event of events) committed.add(event.eventId);
        }
      } finally {
        await client.end();
      }
    };

    let projection = await startProjection();
    // The sealer follows the same safe order as the projection, while writers are still busy.
    const sealer = startGlobalChainSealer(store, { idleMs: 50, batchSizeMax: 500 });
    const writing = Promise.all(Array.from({ length: writerCount }, (_, i) => writer(i)));

    // Kill the projection midway: terminate its connection while it is between statements.
    while (delivered < eventCountTarget / 3) await sleep(20);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1', [
      (projection.client as unknown as { processID: number }).processID,
    ]);
    await expect(projection.subscription.done).rejects.toThrow();
    await projection.client.end().catch(() => undefined);
    const deliveredBeforeRestart = delivered;
    projection = await startProjection();

    await writing;
    await sealer.stop();
    await projection.subscription.caughtUp();
    await projection.subscription.stop();
    await projection.client.end();

    const seen = await admin.query<{ event_id: string }>('SELECT event_id::text FROM public.seen');
    const stored = await admin.query<{ event_id: string }>(
      'SELECT event_id::text FROM event_store.events',
    );
    const seenIds = new Set(seen.rows.map((r) => r.event_id));
    const storedIds = new Set(stored.rows.map((r) => r.event_id));

    expect(deliveredBeforeRestart).toBeGreaterThan(0);
    expect(storedIds).toEqual(committed);
    expect(seen.rows).toHaveLength(seenIds.size); // primary key: no repeats
    expect(seenIds).toEqual(storedIds);
    expect(orderViolations.slice(0, 5)).toEqual([]);

    const { rows: sealedRows } = await admin.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM event_store.global_chain',
    );
    await sealAll(store, storedIds.size - Number(sealedRows[0]!.n));
    const report = await verify(store);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      eventCount: storedIds.size,
      sealedCount: storedIds.size,
      unsealedCount: 0,
    });
  }, 120_000);
});
