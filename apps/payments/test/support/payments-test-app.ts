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
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';

export const secret = 'payments-test-secret-at-least-32-characters';

export interface PaymentsTestApp {
  app: INestApplication;
  store: SqlEventStore;
  clock: ManualClock;
  pool: Pool;
  token(roles: Role[], sub?: string): Promise<string>;
  /** Every event in the store, in global order. */
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** Payments alone on a throw-away PostgreSQL database, invoicing's events from the shared store. */
export async function startPaymentsTestApp(): Promise<PaymentsTestApp> {
  const database: TestDatabase = await createTestDatabase('apps_payments');
  await migrate(database.url, [
    eventStoreMigrations,
    platformMigrations,
    messagingMigrations,
    paymentsMigrations,
  ]);
  const pool = new Pool({ connectionString: database.url, max: 12 });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = createPostgresEventStore({ pool });
  const db = pgExecutor(pool);
  const tx = pgTransactionRunner(pool);
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const config = loadConfig(PlatformConfig, {
    SERVICE_NAME: 'payments',
    JWT_SECRET: secret,
    LOG_LEVEL: 'silent',
  });
  const app = await createServiceApp(
    {
      module: createPaymentsModule({
        store,
        db,
        tx,
        clock,
        integrationEvents: storeIntegrationEvents(store, tx, db),
        // Tests run beside other suites on two cores: a generous bound keeps reads-after-writes exact.
        readModelWaitMs: 20_000,
      }),
      prefix: 'payments',
      title: 'Payments',
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
