import type { TestDatabase } from '@billing/testing';
import { newEvent } from '../testing/event-store.contract';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase } from './helpers';

/**
 * Appends announce themselves after the statement (not inside the append's transaction), so a
 * subscriber in another process hears of them without waiting for its poll.
 */
describe('live delivery across processes (real PostgreSQL)', () => {
  let database: TestDatabase;
  let writer: SqlEventStore;
  let reader: SqlEventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    writer = createPostgresEventStore({ connectionString: database.url });
    // A poll far longer than the test: only a notification can deliver in time.
    reader = createPostgresEventStore({
      connectionString: database.url,
      timing: { idlePollMs: 60_000, notifiedRetryMs: 20, notifiedRetryCountMax: 50 },
    });
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await database?.drop();
  });

  it("wakes another store's subscriber soon after an append commits", async () => {
    const seen: string[] = [];
    const subscription = reader.subscribe({
      subscriptionId: 'cross-process',
      handle: async (events) => {
        seen.push(...events.map((e) => e.eventId));
      },
    });
    await subscription.caughtUp();
    // Let the subscriber finish its quick re-reads (50 x 20 ms) and settle into its idle wait.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const event = newEvent('invoice');
    const started = Date.now();
    await writer.appendToStream('invoice-wake', [event], { expected: 'no_stream' });
    while (!seen.includes(event.eventId) && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    expect(seen).toEqual([event.eventId]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
