import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { migrate } from '@billing/sql-migrations';
import { runEventStoreContract } from '../contract/event-store.contract';
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
