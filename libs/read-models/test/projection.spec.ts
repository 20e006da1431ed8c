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
});
