// The HTTP half of `npm run bench:list`: the invoicing service in a process of its own, wired as
// its main.ts wires it (PostgreSQL store and read models, the platform's auth, validation and
// problem+json), on the benchmark's database, answering `GET /invoicing/invoices` on 127.0.0.1.
// A process of its own, as in production: the benchmark's HTTP client does not share its event
// loop. Run directly (`<databaseUrl> <port>`), it serves until SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
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
const readyLine = 'bench-list-invoices: listening';
const startTimeoutMs = 120_000;

export interface BenchService {
  /** `GET` of `path` with a clerk's token; the parsed JSON answer. */
  get(path: string): Promise<{ items: unknown[]; next: string | null }>;
  /** `GET /health` (no token, no database): what any request costs on this machine. */
  health(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the service process on `databaseUrl` (already holding the rows), listening on `port`. */
export async function startInvoicingProcess(
  databaseUrl: string,
  port: number,
): Promise<BenchService> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', __filename, databaseUrl, String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await untilReady(child);
  const token = await mintToken({ sub: 'bench', roles: ['billing-clerk'], secret, ttl: 3_600 });
  const base = `http://127.0.0.1:${port}`;
  return {
    get: async (path) => {
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200)
        throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { items: unknown[]; next: string | null };
    },
    health: async () => {
      const response = await fetch(`${base}/health`);
      if (response.status !== 200) throw new Error(`GET /health: ${response.status}`);
      await response.arrayBuffer();
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('service did not start')), startTimeoutMs);
    child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString('utf8').includes(readyLine)) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The service process: migrations the module needs besides the read model, then listen. */
async function serve(databaseUrl: string, port: number): Promise<void> {
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
  const app = await createServiceApp(
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
  process.stdout.write(`${readyLine}\n`);
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  });
}

if (require.main === module) {
  const [databaseUrl, port] = process.argv.slice(2);
  serve(databaseUrl ?? '', Number(port)).catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
