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
