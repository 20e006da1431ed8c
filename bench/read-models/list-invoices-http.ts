// The HTTP half of `npm run bench:list`: the invoicing service, wired as its main.ts wires it
// (PostgreSQL store and read models, the platform's auth, validation and problem+json), on the
// benchmark's database, answering `GET /invoicing/invoices` over a real socket on 127.0.0.1.
import { Pool } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { createPostgresEventStore, eventStoreMigrations, pgExecutor } from '@billing/event-store';
import { systemClock } from '@billing/kernel';
import { messagingMigrations } from '@billing/messaging';
import { createInvoicingModule } from '@billing/invoicing-service';
import { personalDataMigrations } from '@billing/personal-data';
import {
  createServiceApp,
  loadConfig,
  mintToken,
  PlatformConfig,
  platformMigrations,
} from '@billing/platform';
import { pgTransactionRunner, storeIntegrationEvents } from '@billing/read-models';
import { migrate } from '@billing/sql-migrations';

const secret = 'bench-list-invoices-secret-of-32-characters';

export interface BenchService {
  /** `GET` of `path` with a clerk's token; the parsed JSON answer. */
  get(path: string): Promise<{ items: unknown[]; next: string | null }>;
  /** `GET /health` (no token, no database): what any request costs on this machine. */
  health(): Promise<void>;
  close(): Promise<void>;
}

/** Starts invoicing on `databaseUrl` (already holding the invoice rows) and listens on `port`. */
export async function startInvoicingOver(databaseUrl: string, port: number): Promise<BenchService> {
  await migrate(databaseUrl, [
    eventStoreMigrations,
    platformMigrations,
    messagingMigrations,
    personalDataMigrations,
  ]);
  const pool = new Pool({ connectionString: databaseUrl, max: 8 });
  pool.on('error', () => undefined);
  const store = createPostgresEventStore({ pool });
  const db = pgExecutor(pool);
  const tx = pgTransactionRunner(pool);
  const app: INestApplication = await createServiceApp(
    {
      module: createInvoicingModule({
        store,
        db,
        tx,
        clock: systemClock,
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
      clock: systemClock,
      docs: false,
      shutdownHooks: false,
    },
  );
  await app.listen(port, '127.0.0.1');
  const token = await mintToken({ sub: 'bench', roles: ['billing-clerk'], secret, ttl: 3_600 });
  return {
    get: async (path) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200)
        throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { items: unknown[]; next: string | null };
    },
    health: async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status !== 200) throw new Error(`GET /health: ${response.status}`);
      await response.arrayBuffer();
    },
    close: async () => {
      await app.close();
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}
