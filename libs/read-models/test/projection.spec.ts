import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  pgExecutor,
  type SqlEventStore,
} from '@billing/event-store';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import {
  caughtUpWithin,
  pgTransactionRunner,
  startProjection,
  storeIntegrationEvents,
  type Projection,
} from '../src';

jest.setTimeout(60_000);

describe('projections and the in-process bus on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: SqlEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('apps_read_models');
    await migrate(database.url, [eventStoreMigrations]);
    pool = new Pool({ connectionString: database.url, max: 5 });
    store = createPostgresEventStore({ pool });
    await pool.query('CREATE TABLE seen (event_id text PRIMARY KEY, n integer NOT NULL DEFAULT 1)');
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  async function append(streamId: string, count: number) {
    await store.appendToStream(
      streamId,
      Array.from({ length: count }, () => ({
        eventId: randomUUID(),
        type: 'Thing',
        schemaVersion: 1,
        data: {},
        metadata: {
          correlationId: 'c',
          causationId: null,
          actor: { id: 'a', roles: [] },
          service: 'test',
        },
        occurredAt: '2026-01-01T00:00:00.000Z',
      })),
      { expected: 'any' },
    );
  }

  const counting: Projection = {
    name: 'test.counting',
    filter: { categories: ['thing'] },
    apply: async (event, db) => {
      await db.query(
        'INSERT INTO seen (event_id) VALUES ($1) ON CONFLICT (event_id) DO UPDATE SET n = seen.n + 1',
        [event.eventId],
      );
    },
  };

  it('applies every event once, across a restart, with the checkpoint in the same transaction', async () => {
    const db = pgExecutor(pool);
    const tx = pgTransactionRunner(pool);
    await append('thing-1', 30);
    const first = startProjection(store, tx, db, counting);
    await first.caughtUp();
    await first.stop();
    await append('thing-2', 20);
    const second = startProjection(store, tx, db, counting);
    await caughtUpWithin(second, 10_000);
    await second.stop();
    const { rows } = await pool.query<{ count: string; max: number }>(
      'SELECT count(*)::text AS count, max(n) AS max FROM seen',
    );
    expect(rows[0]).toEqual({ count: '50', max: 1 });
  });

  it('retries a failed batch from its checkpoint instead of losing or repeating the effect', async () => {
    const db = pgExecutor(pool);
    const tx = pgTransactionRunner(pool);
    await append('other-1', 3);
    let failuresLeft = 2;
    const handled: string[] = [];
    const source = storeIntegrationEvents(store, tx, db, { restartCountMax: 5 })({
      name: 'test.flaky',
      contexts: ['payments'],
      categories: ['other'],
      handle: async (event, t) => {
        await t.query(
          'INSERT INTO seen (event_id) VALUES ($1) ON CONFLICT (event_id) DO UPDATE SET n = seen.n + 1',
          [event.eventId],
        );
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('transient');
        }
        handled.push(event.eventId);
      },
    });
    await source.start();
    const deadline = Date.now() + 10_000;
    while (handled.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await source.stop();
    expect(handled).toHaveLength(3);
    const { rows } = await pool.query<{ n: number }>(
      'SELECT n FROM seen WHERE event_id = ANY($1::text[])',
      [handled],
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
  });

  it('applies a batch in one statement when the projection folds it, and retries a failed batch event by event', async () => {
    const db = pgExecutor(pool);
    const tx = pgTransactionRunner(pool);
    await pool.query('CREATE TABLE batch_rows (event_id text PRIMARY KEY, tx text NOT NULL)');
    await append('batched-1', 40);
    const batchSizes: number[] = [];
    let failBatch = false;
    const appliedOneByOne: number[] = [];
    const insertRows = (ids: string[], t: typeof db) =>
      t.query(
        'INSERT INTO batch_rows (event_id, tx) SELECT id, pg_current_xact_id()::text FROM unnest($1::text[]) id',
        [ids],
      );
    const folding: Projection = {
      name: 'test.folding',
      filter: { categories: ['batched'] },
      apply: async (event, t) => {
        appliedOneByOne.push(event.streamVersion);
        await insertRows([event.eventId], t);
      },
      applyBatch: async (events, t) => {
        batchSizes.push(events.length);
        if (failBatch) {
          failBatch = false;
          throw new Error('batch failed');
        }
        await insertRows(
          events.map((e) => e.eventId),
          t,
        );
      },
    };
    const running = startProjection(store, tx, db, folding, {
      retryCountMax: 1,
      retryBackoff: { delayInitialMs: 10, delayMaxMs: 20 },
    });
    await running.caughtUp();
    const { rows } = await pool.query<{ n: number; txs: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT tx)::int AS txs FROM batch_rows',
    );
    expect(rows[0]).toEqual({ n: 40, txs: batchSizes.length });
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(40);
    expect(batchSizes.length).toBeLessThan(40);

    expect(appliedOneByOne).toEqual([]);

    // A batch that fails once is rolled back, then retried event by event, each applied once.
    failBatch = true;
    await append('batched-1', 2);
    await running.caughtUp();
    expect(appliedOneByOne).toEqual([41, 42]);
    const after = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM batch_rows');
    expect(after.rows[0]!.n).toBe(42);
    await running.stop();
  });
});
