import { Client } from 'pg';
import type { TestDatabase } from '@billing/testing';
import { newEvent } from '../testing/event-store.contract';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase, sealAll } from './helpers';

describe('history cannot be edited', () => {
  jest.setTimeout(30_000);
  let database: TestDatabase;
  let store: SqlEventStore;
  let client: Client;
  const streamId = 'ledger-1';

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    store = createPostgresEventStore({ connectionString: database.url, role: 'billing_app' });
    await store.appendToStream(streamId, [newEvent(), newEvent()], { expected: 'no_stream' });
    await sealAll(store, 2);
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await database?.drop();
  });

  async function attempt(sql: string, role: 'billing_app' | 'postgres'): Promise<string> {
    await client.query('BEGIN');
    try {
      if (role === 'billing_app') await client.query('SET LOCAL ROLE billing_app');
      await client.query(sql);
      return 'succeeded';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it('runs the application as billing_app', async () => {
    const { rows } = await store.backend.query<{ who: string }>('SELECT current_user AS who');
    expect(rows[0]!.who).toBe('billing_app');
  });

  it.each([
    ['UPDATE', "UPDATE event_store.events SET type = 'Forged'"],
    ['DELETE', 'DELETE FROM event_store.events'],
    ['TRUNCATE', 'TRUNCATE event_store.events'],
    [
      'INSERT',
      `INSERT INTO event_store.events (event_id, stream_id, stream_version, category, type, schema_version,
       data, metadata, occurred_at, content_hash, stream_hash)
       VALUES (gen_random_uuid(), 'ledger-1', 3, 'ledger', 'Forged', 1, '{}', '{}', 'x', 'x', 'x')`,
    ],
    ['UPDATE streams', 'UPDATE event_store.streams SET version = 1'],
  ])('refuses %s by billing_app (no privilege)', async (_name, sql) => {
    expect(await attempt(sql, 'billing_app')).toMatch(/permission denied/);
  });

  it.each([
    ['UPDATE', "UPDATE event_store.events SET type = 'Forged'"],
    ['DELETE', 'DELETE FROM event_store.events'],
    ['TRUNCATE', 'TRUNCATE event_store.events'],
    ['DELETE streams', 'DELETE FROM event_store.streams'],
    ['rewind streams', 'UPDATE event_store.streams SET version = 1'],
    ['DELETE global chain', 'DELETE FROM event_store.global_chain'],
  ])('refuses %s even by the table owner (triggers)', async (_name, sql) => {
    expect(await attempt(sql, 'postgres')).toMatch(/append-only|only moves forward/);
  });

  it('still reads and appends through the append function only', async () => {
    const result = await store.appendToStream(streamId, [newEvent()], { expected: 2 });
    expect(result.streamVersion).toBe(3);
  });
});
