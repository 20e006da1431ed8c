import type { Command } from 'commander';
import type { Pool } from 'pg';
import type { SqlEventStore } from '@billing/event-store';
import { CliError } from '../shared/exit-codes';
import { resolveConnection, type Connection, type ConnectionFlags } from './connection';
import { openStore, storeError, type OpenStoreOptions } from './open-store';

export interface StoreFlags extends ConnectionFlags {
  /** `--no-progress` sets it to false. */
  progress: boolean;
}

/** The flags every command that reads the store takes, with their help. */
export function addStoreOptions(command: Command): Command {
  return command
    .option(
      '--database-url <url>',
      'PostgreSQL event store (default: $DATABASE_URL; without it, the embedded store)',
    )
    .option(
      '--data-dir <dir>',
      'embedded PGlite store of npm start: <dir>/pglite (default: $DATA_DIR or .data/)',
    )
    .option('--no-progress', 'no progress line on stderr');
}

/**
 * Opens the store the flags name, runs `work`, and closes it whatever happens. A database error
 * on the way becomes an infrastructure error naming the store; CLI errors and broken invariants
 * pass through unchanged.
 */
export async function withStore<T>(
  flags: StoreFlags,
  options: OpenStoreOptions,
  work: (store: SqlEventStore, connection: Connection, pool: Pool | null) => Promise<T>,
): Promise<T> {
  const connection = resolveConnection(flags);
  const { store, pool } = await openStore(connection, options);
  try {
    return await work(store, connection, pool);
  } catch (error) {
    if (isDatabaseError(error)) throw storeError(error, connection);
    throw error;
  } finally {
    await store.close().catch(() => undefined);
  }
}

function isDatabaseError(error: unknown): boolean {
  if (error instanceof CliError || !(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // SQLSTATE codes are five characters; system errors (ECONNRESET...) start with E.
  return typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || code.startsWith('E'));
}
