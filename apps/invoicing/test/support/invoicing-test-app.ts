import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  pgExecutor,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import { messagingMigrations } from '@billing/messaging';
import {
  createServiceApp,
  loadConfig,
  mintToken,
  PlatformConfig,
  platformMigrations,
  PostgresIdempotencyStore,
  type Role,
} from '@billing/platform';
import { pgTransactionRunner, storeIntegrationEvents } from '@billing/read-models';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';

export const secret = 'invoicing-test-secret-at-least-32-characters';

export interface InvoicingTestApp {
  app: INestApplication;
  store: SqlEventStore;
  clock: ManualClock;
  pool: Pool;
  token(roles: Role[], sub?: string): Promise<string>;
  /** Every event in the store, in global order. */
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** Invoicing alone on a throw-away PostgreSQL database, payments' events from the shared store. */
export async function startInvoicingTestApp(): Promise<InvoicingTestApp> {
  const database: TestDatabase = await createTestDatabase('apps_invoicing');
  await migrate(database.url, [
    eventStoreMigrations,
    platformMigrations,
    messagingMigrations,
    invoicingMigrations,
  ]);
  const pool = new Pool({ connectionString: database.url, max: 12 });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = createPostgresEventStore({ pool });
  const db = pgExecutor(pool);
  const tx = pgTransactionRunner(pool);
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const config = loadConfig(PlatformConfig, {
    SERVICE_NAME: 'invoicing',
    JWT_SECRET: secret,
    LOG_LEVEL: 'silent',
  });
  const app = await createServiceApp(
    {
      module: createInvoicingModule({
        store,
        db,
        tx,
        clock,
        integrationEvents: storeIntegrationEvents(store, tx, db),
        // Tests run beside other suites on two cores: a generous bound keeps reads-after-writes exact.
        readModelWaitMs: 20_000,
      }),
      prefix: 'invoicing',
      title: 'Invoicing',
    },
    { config, idempotencyStore: new PostgresIdempotencyStore(pool), clock, docs: false },
  );
  await app.init();
  return {
    app,
    store,
    clock,
    pool,
    token: (roles, sub = 'clerk-1') => mintToken({ sub, roles, secret, ttl: 600 }),
    allEvents: async () => {
      const events: RecordedEvent[] = [];
      for await (const item of store.readAll({ maxCount: 100_000 })) events.push(item.event);
      return events;
    },
    close: async () => {
      await app.close();
      await store.close();
      await database.drop();
    },
  };
}
