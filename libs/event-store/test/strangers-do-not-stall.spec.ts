import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { collect, newEvent } from '../testing/event-store.contract';
import { pgExecutor } from '../src/postgres/postgres.backend';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase } from './helpers';

/** Rejects with `what` when `promise` has not settled within `ms` (so a stall fails, not hangs). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The safe order waits for appends in flight only (sql/0023): a transaction that holds an xid but
 * is not appending, here or in another database on the same server, must not hold subscribers back.
 */
describe('the safe order does not wait for strangers (real PostgreSQL)', () => {
  jest.setTimeout(60_000);
  let database: TestDatabase;
  let otherDatabase: TestDatabase;
  let store: SqlEventStore;
  let stranger: Client;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    otherDatabase = await createTestDatabase('es_other');
    store = createPostgresEventStore({ connectionString: database.url });
  });
  afterEach(async () => {
    // Never leave an idle transaction behind, whatever the test did.
    await stranger?.query('ROLLBACK').catch(() => undefined);
    await stranger?.end().catch(() => undefined);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
    await otherDatabase?.drop();
  });

  async function openStranger(url: string, firstWrite: string): Promise<void> {
    stranger = new Client({ connectionString: url });
    await stranger.connect();
    await stranger.query('BEGIN');
    await stranger.query(firstWrite);
  }

  async function deliveredWhileStrangerOpen(subscriptionId: string, category: string) {
    const seen: string[] = [];
    const subscription = store.subscribe({
      subscriptionId,
      filter: { categories: [category] },
      handle: async (events) => void seen.push(...events.map((e) => e.type)),
    });
    await store.appendToStream(`${category}-1`, [newEvent('Appended')], { expected: 'any' });
    await within(10_000, 'delivery while the stranger is open', subscription.caughtUp());
    await subscription.stop();
    const stillOpen = await stranger.query<{ state: string }>(
      'SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS state',
    );
    expect(stillOpen.rows[0]!.state).toBe(true);
    return seen;
  }

  it('delivers while an idle transaction holds an xid in another database on the server', async () => {
    await openStranger(otherDatabase.url, 'SELECT pg_current_xact_id()');
    expect(await deliveredWhileStrangerOpen('idle-elsewhere', 'elsewhere')).toEqual(['Appended']);
    // A plain read-all sees it too.
    const read = await collect(store.readAll({ filter: { categories: ['elsewhere'] } }));
    expect(read.map((p) => p.event.type)).toEqual(['Appended']);
  });

  it('delivers while a read-model transaction in the same database sleeps with uncommitted rows', async () => {
    await openStranger(
      database.url,
      'CREATE TABLE IF NOT EXISTS public.slow_read_model (id int); INSERT INTO public.slow_read_model VALUES (1)',
    );
    expect(await deliveredWhileStrangerOpen('slow-read-model', 'readmodel')).toEqual(['Appended']);
  });

  it('still holds back a later commit while an append is in flight', async () => {
    // The guarantee the bound exists for (safe-order.spec covers the ordering in full).
    stranger = new Client({ connectionString: database.url });
    await stranger.connect();
    await stranger.query('BEGIN');
    await store.appendWith(pgExecutor(stranger), 'inflightearly-1', [newEvent('Early')], {
      expected: 'any',
    });
    await store.appendToStream('inflightlate-1', [newEvent('Late')], { expected: 'any' });
    const filter = { categories: ['inflightearly', 'inflightlate'] };
    expect(await collect(store.readAll({ filter }))).toEqual([]);
    await stranger.query('COMMIT');
    const read = await collect(store.readAll({ filter }));
    expect(read.map((p) => p.event.type)).toEqual(['Early', 'Late']);
  });

  it('refuses an append that is not its transaction first write, and the transaction is left unchanged', async () => {
    stranger = new Client({ connectionString: database.url });
    await stranger.connect();
    await stranger.query('BEGIN');
    await stranger.query('SELECT pg_current_xact_id()');
    await expect(
      store.appendWith(pgExecutor(stranger), 'latewriter-1', [newEvent()], { expected: 'any' }),
    ).rejects.toThrow(/first write/);
    await stranger.query('ROLLBACK');
    expect(await collect(store.readStream('latewriter-1'))).toEqual([]);
  });

  it('lets one transaction append to two streams', async () => {
    stranger = new Client({ connectionString: database.url });
    await stranger.connect();
    await stranger.query('BEGIN');
    const db = pgExecutor(stranger);
    await store.appendWith(db, 'twostreams-a', [newEvent('A')], { expected: 'any' });
    await store.appendWith(db, 'twostreams-b', [newEvent('B')], { expected: 'any' });
    await stranger.query('COMMIT');
    const read = await collect(store.readAll({ filter: { categories: ['twostreams'] } }));
    expect(read.map((p) => p.event.type)).toEqual(['A', 'B']);
  });
});
