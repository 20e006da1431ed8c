import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { eventStoreMigrations } from '../src/migrations';

export async function createEventStoreDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('es');
  await migrate(database.url, [eventStoreMigrations]);
  return database;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Seals until the global chain covers `eventCount` events. Other sessions on the same server
 * (other suites) can hold the snapshot's xmin back for a moment, so the seal may lag briefly.
 */
export async function sealAll(
  store: { sealGlobalChain(countMax?: number): Promise<number> },
  eventCount: number,
): Promise<void> {
  let sealed = 0;
  for (let attempt = 0; attempt < 500 && sealed < eventCount; attempt++) {
    const now = await store.sealGlobalChain(5_000);
    sealed += now;
    if (now === 0) await sleep(20);
  }
  if (sealed < eventCount) throw new Error(`Sealed ${sealed} of ${eventCount} events`);
}
