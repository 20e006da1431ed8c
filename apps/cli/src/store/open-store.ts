import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type SqlEventStore,
} from '@billing/event-store';
import { infrastructureError } from '../shared/exit-codes';
import { describeConnection, type Connection } from './connection';

export interface OpenStoreOptions {
  /**
   * Read-only sessions (`default_transaction_read_only`): an audit command can prove it changed
   * nothing, and a mistake in it cannot write to the books.
   */
  readOnly: boolean;
  /** Connections to PostgreSQL (default 2: the CLI reads one page at a time). */
  poolSizeMax?: number;
}

export interface OpenedStore {
  store: SqlEventStore;
  /** The store's pool on PostgreSQL (e.g. for work spread over connections); null when embedded. */
  pool: Pool | null;
}

/**
 * Opens the event store and checks it is one (the `event_store` schema exists), turning every
 * failure into an infrastructure error that says where and what to do.
 */
export async function openStore(
  connection: Connection,
  options: OpenStoreOptions,
): Promise<OpenedStore> {
  const opened =
    connection.kind === 'postgres'
      ? openPostgres(connection.databaseUrl, options)
      : { store: await openEmbedded(connection.pgliteDir, options), pool: null };
  const { store } = opened;
  try {
    await store.backend.query('SELECT 1 FROM event_store.events LIMIT 1');
    return opened;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw storeError(error, connection);
  }
}

function openPostgres(databaseUrl: string, options: OpenStoreOptions): OpenedStore {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.poolSizeMax ?? 2,
    connectionTimeoutMillis: 10_000,
    ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection the server drops must not crash the CLI; the next query reconnects.
  pool.on('error', () => undefined);
  // The store ends the pool when it closes.
  return { store: createPostgresEventStore({ pool }), pool };
}

async function openEmbedded(pgliteDir: string, options: OpenStoreOptions): Promise<SqlEventStore> {
  // Opening a missing directory would create an empty store and report on nothing.
  if (!fs.existsSync(pgliteDir))
    throw infrastructureError(
      `no embedded store in ${pgliteDir} (start the system once with npm start, ` +
        'or give --data-dir / --database-url)',
    );
  // PGlite keeps postmaster.pid while a process has the files open. A second process opening
  // them would write its own checkpoint over the running server's files.
  if (fs.existsSync(path.join(pgliteDir, 'postmaster.pid')))
    throw infrastructureError(
      `the embedded store in ${pgliteDir} is open in another process (postmaster.pid is present): ` +
        'stop npm start first. If nothing is running, the last run ended abruptly: start and stop ' +
        'npm start once (Ctrl-C) to close the store cleanly.',
    );
  let store: SqlEventStore;
  try {
    store = await createPgliteEventStore({ dataDir: pgliteDir });
  } catch (error) {
    throw infrastructureError(
      `cannot open the embedded store in ${pgliteDir}: ${(error as Error).message} ` +
        '(is npm start running on it? stop it first)',
    );
  }
  if (options.readOnly) await store.backend.query('SET default_transaction_read_only = on');
  return store;
}

const missingSchemaCodes = new Set(['3F000', '42P01', '42883']);

/** A store failure as a one-line message naming the place and the remedy. */
export function storeError(error: unknown, connection: Connection): Error {
  const where = describeConnection(connection);
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code !== undefined && missingSchemaCodes.has(code))
    return infrastructureError(
      `no event store in ${where} (schema event_store is missing): run npm run db:migrate`,
    );
  if (code === '3D000') return infrastructureError(`${where}: ${message}`);
  return infrastructureError(`cannot read the event store (${where}): ${message}`);
}
