import { Client } from 'pg';
import type { TestDatabase } from '@billing/testing';
import { newEvent } from '../testing/event-store.contract';
import { verify } from '../src/integrity/verify';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase, sealAll } from './helpers';

/** Each case tampers a fresh database as superuser with triggers disabled, then verifies. */
describe('verify finds tampering', () => {
  jest.setTimeout(30_000);
  let database: TestDatabase;
  let store: SqlEventStore;
  let admin: Client;
  let ids: Record<string, string[]>;

  beforeEach(async () => {
    database = await createEventStoreDatabase();
    store = createPostgresEventStore({ connectionString: database.url });
    ids = {};
    for (const stream of ['account-a', 'account-b', 'invoice-c']) {
      const events = [1, 2, 3, 4].map((n) => newEvent('Posted', { amount: `${n}.00`, n }));
      ids[stream] = events.map((e) => e.eventId);
      await store.appendToStream(stream, events.slice(0, 2), { expected: 'no_stream' });
      await store.appendToStream(stream, events.slice(2), { expected: 2 });
    }
    await sealAll(store, 12);
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('SET session_replication_role = replica');
  });
  afterEach(async () => {
    await admin?.end();
    await store?.close();
    await database?.drop();
  });

  it('reports ok for an untouched store and how far the seal reaches', async () => {
    await store.appendToStream('account-a', [newEvent()], { expected: 4 });
    const report = await verify(store);
    expect(report.ok).toBe(true);
    expect(report.eventCount).toBe(13);
    expect(report.sealedCount).toBe(12);
    expect(report.unsealedCount).toBe(1);
    await sealAll(store, 1);
    expect((await verify(store)).unsealedCount).toBe(0);
  });

  it('tells a progress callback how far each chain walk has come', async () => {
    const seen: Array<{ chain: string; checked: number }> = [];
    await verify(store, { pageSize: 5, onProgress: (p) => seen.push({ ...p }) });
    expect(seen).toEqual([
      { chain: 'stream', checked: 5 },
      { chain: 'stream', checked: 10 },
      { chain: 'stream', checked: 12 },
      { chain: 'global', checked: 5 },
      { chain: 'global', checked: 10 },
      { chain: 'global', checked: 12 },
    ]);
  });

  it('names an event whose data was altered', async () => {
    const target = ids['account-b']![2]!;
    await admin.query(
      `UPDATE event_store.events SET data = '{"amount":"3000.00","n":3}' WHERE event_id = $1`,
      [target],
    );
    const report = await verify(store);
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({
      fault: 'altered',
      eventId: target,
      streamId: 'account-b',
      streamVersion: 3,
    });
  });

  it('names an event that was deleted', async () => {
    const target = ids['invoice-c']![1]!;
    await admin.query('DELETE FROM event_store.events WHERE event_id = $1', [target]);
    const report = await verify(store);
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ fault: 'missing', eventId: target });
    expect(
      report.problems.some(
        (p) => p.chain === 'stream' && p.streamId === 'invoice-c' && p.fault === 'missing',
      ),
    ).toBe(true);
  });

  it('names events whose data was swapped', async () => {
    const [first, second] = [ids['account-a']![0]!, ids['account-b']![1]!];
    await admin.query(
      `UPDATE event_store.events e SET data = o.data FROM event_store.events o
        WHERE (e.event_id, o.event_id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
      [first, second],
    );
    const report = await verify(store);
    expect(report.firstProblem).toMatchObject({ fault: 'altered', eventId: first });
    expect(report.problems.map((p) => p.eventId)).toEqual(expect.arrayContaining([first, second]));
  });

  it('names events whose positions in a stream were swapped', async () => {
    const [v2, v3] = [ids['account-a']![1]!, ids['account-a']![2]!];
    await admin.query('UPDATE event_store.events SET stream_version = 1000 WHERE event_id = $1', [
      v2,
    ]);
    await admin.query('UPDATE event_store.events SET stream_version = 2 WHERE event_id = $1', [v3]);
    await admin.query('UPDATE event_store.events SET stream_version = 3 WHERE event_id = $1', [v2]);
    const report = await verify(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          fault: 'reordered',
          eventId: v3,
          streamId: 'account-a',
          streamVersion: 2,
        }),
        expect.objectContaining({
          fault: 'reordered',
          eventId: v2,
          streamId: 'account-a',
          streamVersion: 3,
        }),
      ]),
    );
  });

  it('names events whose global positions were swapped', async () => {
    const [x, y] = [ids['account-a']![0]!, ids['invoice-c']![3]!];
    await admin.query(
      'ALTER TABLE event_store.events ALTER COLUMN global_position SET GENERATED BY DEFAULT',
    );
    const { rows } = await admin.query<{ event_id: string; global_position: string }>(
      'SELECT event_id::text, global_position::text FROM event_store.events WHERE event_id IN ($1, $2)',
      [x, y],
    );
    const position = new Map(rows.map((r) => [r.event_id, r.global_position]));
    await admin.query('UPDATE event_store.events SET global_position = -1 WHERE event_id = $1', [
      x,
    ]);
    await admin.query('UPDATE event_store.events SET global_position = $2 WHERE event_id = $1', [
      y,
      position.get(x),
    ]);
    await admin.query('UPDATE event_store.events SET global_position = $2 WHERE event_id = $1', [
      x,
      position.get(y),
    ]);
    const report = await verify(store);
    expect(report.firstProblem).toMatchObject({ fault: 'reordered', chain: 'global', eventId: x });
  });
});
