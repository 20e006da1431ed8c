import { createPgliteEventStore, type EventStore } from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import {
  createServiceApp,
  loadConfig,
  mintToken,
  PlatformConfig,
  type Role,
} from '@billing/platform';
import {
  applySqlMigrationsWith,
  autocommitTransactionRunner,
  storeIntegrationEvents,
} from '@billing/read-models';
import type { INestApplication } from '@nestjs/common';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';
import { startServiceTestApp } from '@billing/service-testing';

/** Invoicing on one backend, as its list tests need it. */
export interface ListTestBackend {
  app: INestApplication;
  store: EventStore;
  clock: ManualClock;
  token(roles: Role[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

const secret = 'lists-pglite-test-secret-at-least-32-characters';

/** The embedded mode's storage: PGlite in process, autocommit projections. */
export async function startOnPglite(): Promise<ListTestBackend> {
  const store = await createPgliteEventStore();
  const db = store.backend;
  await applySqlMigrationsWith(db, [invoicingMigrations]);
  const tx = autocommitTransactionRunner(db);
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const app = await createServiceApp(
    {
      module: createInvoicingModule({
        store,
        db,
        tx,
        clock,
        integrationEvents: storeIntegrationEvents(store, tx, db),
      }),
      prefix: 'invoicing',
      title: 'Invoicing',
    },
    {
      config: loadConfig(PlatformConfig, {
        SERVICE_NAME: 'invoicing',
        JWT_SECRET: secret,
        LOG_LEVEL: 'silent',
      }),
      clock,
      docs: false,
    },
  );
  await app.init();
  return {
    app,
    store,
    clock,
    token: (roles, sub = 'clerk-1') => mintToken({ sub, roles, secret, ttl: 600 }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** Production's storage: a throw-away database on the real PostgreSQL server. */
export async function startOnPostgres(): Promise<ListTestBackend> {
  const started = await startServiceTestApp({
    context: 'invoicing',
    databasePrefix: 'lists_invoicing',
    title: 'Invoicing',
    migrations: invoicingMigrations,
    createModule: createInvoicingModule,
  });
  return {
    app: started.app,
    store: started.store,
    clock: started.clock,
    token: (roles, sub) => started.token(roles, sub),
    close: () => started.close(),
  };
}
