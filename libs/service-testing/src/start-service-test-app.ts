import type { INestApplication, Type } from '@nestjs/common';
import { Pool } from 'pg';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  pgExecutor,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import { messagingMigrations, type BillingContext } from '@billing/messaging';
import {
  BatchedAccessLog,
  createServiceApp,
  PersonalDataIdempotencyStore,
  loadConfig,
  mintToken,
  PlatformConfig,
  platformMigrations,
  PostgresIdempotencyStore,
  SqlAccessLogStore,
  type Role,
  type ServiceDeps,
} from '@billing/platform';
import { pgTransactionRunner, storeIntegrationEvents } from '@billing/read-models';
import { migrate, type MigrationSet } from '@billing/sql-migrations';
import { createTestDatabase } from '@billing/testing';
import {
  masterKeyOf,
  personalDataMigrations,
  protectPersonalData,
  type PersonalDataKeyStore,
} from '@billing/personal-data';

export interface ServiceTestApp {
  app: INestApplication;
  /** The store as stored: personal fields encrypted (the module itself sees them decrypted). */
  store: SqlEventStore;
  personalDataKeys: PersonalDataKeyStore;
  clock: ManualClock;
  pool: Pool;
  token(roles: Role[], sub?: string): Promise<string>;
  /** Every event in the store, in global order, personal fields decrypted. */
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export interface ServiceTestAppOptions {
  context: BillingContext | 'ledger';
  /** Names the throw-away database (`test_<prefix>_<random>`); default `apps_<context>`. */
  databasePrefix?: string;
  title: string;
  migrations: MigrationSet;
  createModule: (deps: ServiceDeps) => Type<unknown>;
  /** Where the service's JSON log lines go (at level info); absent: the service logs nothing. */
  logDestination?: { write(line: string): void };
}

/**
 * One service alone on a throw-away database of the real PostgreSQL server; the other contexts'
 * events come from the shared store (tests append them as those services would).
 */
export async function startServiceTestApp(options: ServiceTestAppOptions): Promise<ServiceTestApp> {
  const secret = `${options.context}-test-secret-at-least-32-characters`;
  const database = await createTestDatabase(options.databasePrefix ?? `apps_${options.context}`);
  await migrate(database.url, [
    eventStoreMigrations,
    platformMigrations,
    messagingMigrations,
    personalDataMigrations,
    options.migrations,
  ]);
  const pool = new Pool({ connectionString: database.url, max: 12 });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = createPostgresEventStore({ pool });
  const db = pgExecutor(pool);
  const tx = pgTransactionRunner(pool);
  const personalData = protectPersonalData({
    store,
    db,
    masterKey: masterKeyOf(Buffer.alloc(32, 1)),
  });
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const config = loadConfig(PlatformConfig, {
    SERVICE_NAME: options.context,
    JWT_SECRET: secret,
    LOG_LEVEL: options.logDestination ? 'info' : 'silent',
  });
  const idempotencyStore = new PostgresIdempotencyStore(pool);
  const app = await createServiceApp(
    {
      module: options.createModule({
        store: personalData.store,
        db,
        tx,
        clock,
        personalDataKeys: personalData.keyStore,
        integrationEvents: personalData.integrationEvents(storeIntegrationEvents(store, tx, db)),
        // Tests run beside other suites on two cores: a generous bound keeps reads-after-writes exact.
        readModelWaitMs: 20_000,
      }),
      prefix: options.context,
      title: options.title,
    },
    {
      config,
      idempotencyStore: new PersonalDataIdempotencyStore(idempotencyStore, personalData.cipher),
      accessLog: new BatchedAccessLog(new SqlAccessLogStore(db)),
      clock,
      docs: false,
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    },
  );
  await app.init();
  return {
    app,
    store,
    personalDataKeys: personalData.keyStore,
    clock,
    pool,
    token: (roles, sub = 'clerk-1') => mintToken({ sub, roles, secret, ttl: 600 }),
    allEvents: async () => {
      const events: RecordedEvent[] = [];
      for await (const item of personalData.store.readAll({ maxCount: 100_000 }))
        events.push(item.event);
      return events;
    },
    close: async () => {
      await app.close();
      await idempotencyStore.close();
      await store.close();
      await database.drop();
    },
  };
}
