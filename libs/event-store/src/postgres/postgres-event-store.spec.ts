import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { migrate } from '@billing/sql-migrations';
import { freshCategory, newEvent, runEventStoreContract } from '../../testing/event-store.contract';
import { eventStoreMigrations } from '../migrations';
import { createPostgresEventStore } from './postgres-event-store';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('es_contract');
  await migrate(database.url, [eventStoreMigrations]);
});
afterAll(async () => {
  await database?.drop();
});

// As the least-privileged application role: reading, appending and checkpoints need nothing more.
runEventStoreContract('PostgreSQL (as billing_app)', async () =>
  createPostgresEventStore({ connectionString: database.url, role: 'billing_app' }),
);

describe('subscriptionsCaughtUp (real PostgreSQL)', () => {
  it('resolves only once every running subscription has handled what was committed before the call', async () => {
    const store = createPostgresEventStore({ connectionString: database.url });
    const category = freshCategory();
    const seen: Record<'slow' | 'fast', string[]> = { slow: [], fast: [] };
    const follow = (name: 'slow' | 'fast', delayMs: number) =>
      store.subscribe({
        subscriptionId: `${category}-${name}`,
        batchSizeMax: 2,
        filter: { categories: [category] },
        handle: async (events) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          seen[name].push(...events.map((e) => e.eventId));
        },
      });
    try {
      follow('slow', 30);
      follow('fast', 0);
      const appended = Array.from({ length: 10 }, () => newEvent());
      for (const [index, event] of appended.entries())
        await store.appendToStream(`${category}-${index % 3}`, [event], { expected: 'any' });
      await store.subscriptionsCaughtUp();
      const ids = appended.map((e) => e.eventId).sort();
      expect([...seen.slow].sort()).toEqual(ids);
      expect([...seen.fast].sort()).toEqual(ids);
    } finally {
      await store.close();
    }
  });
});
