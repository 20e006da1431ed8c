import { Client } from 'pg';
import type { TestDatabase } from '@billing/testing';
import { newEvent } from '../testing/event-store.contract';
import { readChainHead } from '../src/integrity/chain-head';
import { verify } from '../src/integrity/verify';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import { pgExecutor } from '../src/postgres/postgres.backend';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase, sealAll } from './helpers';

/** The sealer on PostgreSQL: one at a time, never past a position that can still commit. */
describe('the global sealer', () => {
  jest.setTimeout(60_000);
  let database: TestDatabase;
  let store: SqlEventStore;
  let other: Client;

  beforeEach(async () => {
    database = await createEventStoreDatabase();
    store = createPostgresEventStore({ connectionString: database.url });
    other = new Client({ connectionString: database.url });
    await other.connect();
  });
  afterEach(async () => {
    await other?.query('ROLLBACK').catch(() => undefined);
    await other?.end();
    await store?.close();
    await database?.drop();
  });

  it('does not seal past an append still in flight, and seals it once it commits', async () => {
    await store.appendToStream('account-a', [newEvent()], { expected: 'no_stream' });
    await sealAll(store, 1);
    // A slow writer takes position 2 and has not committed yet...
    await other.query('BEGIN');
    const slow = newEvent('Slow');
    await store.appendWith(pgExecutor(other), 'account-b', [slow], { expected: 'no_stream' });
    // ...while a quick one commits position 3.
    await store.appendToStream('account-c', [newEvent('Quick')], { expected: 'no_stream' });
    for (let round = 0; round < 5; round++) await store.sealGlobalChain();
    expect((await readChainHead(store.backend))?.position).toBe(1);

    await other.query('COMMIT');
    await sealAll(store, 2);
    const report = await verify(store);
    expect(report).toMatchObject({ ok: true, sealedCount: 3, unsealedCount: 0 });
  });

  it('lets one session seal at a time; the others return at once', async () => {
    await store.appendToStream('account-a', [newEvent()], { expected: 'no_stream' });
    await other.query(`SELECT pg_advisory_lock(hashtextextended('event_store.global_chain', 0))`);
    expect(await store.sealRound()).toEqual({ sealed: 0, sealer: false, anchorDue: false });
    await other.query(`SELECT pg_advisory_unlock(hashtextextended('event_store.global_chain', 0))`);
    let round = await store.sealRound();
    for (let attempt = 0; attempt < 50 && round.sealed === 0; attempt++)
      round = await store.sealRound();
    expect(round).toMatchObject({ sealed: 1, sealer: true });
  });

  it('hands the publication of the head to one sealer per interval', async () => {
    const second = createPostgresEventStore({ connectionString: database.url });
    try {
      expect((await store.sealRound(100, 60_000)).anchorDue).toBe(true);
      expect((await second.sealRound(100, 60_000)).anchorDue).toBe(false);
      expect((await store.sealRound(100, 60_000)).anchorDue).toBe(false);
      expect((await second.sealRound(100, 1)).anchorDue).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('reports a kept head extended, then diverged once history behind it is rewritten', async () => {
    const ids = [newEvent(), newEvent()];
    await store.appendToStream('account-a', ids, { expected: 'no_stream' });
    await sealAll(store, 2);
    const head = (await readChainHead(store.backend))!;
    await store.appendToStream('account-a', [newEvent()], { expected: 2 });
    await sealAll(store, 1);
    const kept = { position: head.position, hash: head.hash };
    expect((await verify(store, { expectHeads: [kept] })).keptHeads).toEqual([
      { ...kept, outcome: 'extended' },
    ]);
    // A superuser rewrites the first seal entry's link (as a full cover-up would).
    await other.query('SET session_replication_role = replica');
    await other.query(
      `UPDATE event_store.global_chain SET global_hash = repeat('0', 64) WHERE seal_sequence = 2`,
    );
    const report = await verify(store, { expectHeads: [kept] });
    expect(report.ok).toBe(false);
    expect(report.keptHeads[0]?.outcome).toBe('diverged');
  });
});
