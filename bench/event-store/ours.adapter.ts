import { createPostgresEventStore, type NewEvent, type SqlEventStore } from '@billing/event-store';
import type { BenchStore } from './bench-store.port';

/** Subscription batch size: the largest the port allows. */
const catchUpBatchSize = 1_000;

export function oursBenchStore(connectionString: string, poolSize: number): BenchStore {
  const store: SqlEventStore = createPostgresEventStore({
    connectionString,
    poolConfig: { max: poolSize },
  });
  return {
    name: '@billing/event-store',
    append: async (streamId, expectedVersion, events) => {
      await store.appendToStream(
        streamId,
        events.map((e): NewEvent => ({ ...e, schemaVersion: 1 })),
        { expected: expectedVersion === 0 ? 'no_stream' : expectedVersion },
      );
    },
    readAll: async () => {
      let count = 0;
      for await (const item of store.readAll()) if (item.event) count++;
      return count;
    },
    catchUp: async (expected) => {
      let count = 0;
      const subscription = store.subscribe({
        subscriptionId: `bench-${Date.now()}`,
        batchSizeMax: catchUpBatchSize,
        handle: async (events) => {
          count += events.length;
        },
      });
      await subscription.caughtUp();
      await subscription.stop();
      if (count !== expected) throw new Error(`catch-up delivered ${count} of ${expected}`);
      return count;
    },
    close: () => store.close(),
  };
}
