import { dumbo } from '@event-driven-io/dumbo';
import {
  getPostgreSQLEventStore,
  postgreSQLEventStoreMessageBatchPuller,
  readMessagesBatch,
} from '@event-driven-io/emmett-postgresql';
import type { BenchStore } from './bench-store.port';

/** Same page and batch size as ours uses for catch-up, so both make the same number of trips. */
const pageSize = 1_000;

export function emmettBenchStore(connectionString: string): BenchStore {
  const store = getPostgreSQLEventStore(connectionString);
  const pool = dumbo({ connectionString });
  return {
    name: '@event-driven-io/emmett-postgresql',
    append: async (streamId, expectedVersion, events) => {
      await store.appendToStream(
        streamId,
        events.map((e) => ({
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata, messageId: e.eventId, occurredAt: e.occurredAt },
        })),
        { expectedStreamVersion: BigInt(expectedVersion) },
      );
    },
    readAll: async () => {
      let count = 0;
      let after = 0n;
      for (;;) {
        const page = await readMessagesBatch(pool.execute, { after, batchSize: pageSize });
        count += page.messages.length;
        if (!page.areMessagesLeft) return count;
        after = page.currentGlobalPosition;
      }
    },
    // Emmett's consumer + reactor stores a checkpoint after every message (about 1,100 events/s in
    // a trial run), so the bench uses its batch puller: the fastest catch-up path it offers.
    catchUp: async () => {
      let count = 0;
      const puller = postgreSQLEventStoreMessageBatchPuller({
        executor: pool.execute,
        batchSize: pageSize,
        pullingFrequencyInMs: 0,
        stopWhen: { noMessagesLeft: true },
        signal: new AbortController().signal,
        eachBatch: async (messages) => {
          count += messages.length;
        },
      });
      await puller.start({ startFrom: 'BEGINNING' });
      return count;
    },
    close: async () => {
      await pool.close();
      await store.close();
    },
  };
}
