import * as path from 'node:path';
import { usageError } from '../shared/exit-codes';

/** Where the CLI finds the event store: PostgreSQL, or the embedded PGlite files of `npm start`. */
export type Connection =
  | { kind: 'postgres'; databaseUrl: string }
  | { kind: 'embedded'; dataDir: string; pgliteDir: string };

export interface ConnectionFlags {
  databaseUrl?: string;
  dataDir?: string;
}

/** The embedded server keeps its files here when DATA_DIR is not set (see apps/server). */
export const defaultDataDir = path.resolve(__dirname, '../../../../.data');

/**
 * Flags first (`--database-url`, `--data-dir`; both at once is a usage error), then
 * `DATABASE_URL`, then the embedded store in `DATA_DIR` (default `.data/`), as `npm start` uses.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: Record<string, string | undefined> = process.env,
): Connection {
  if (flags.databaseUrl !== undefined && flags.dataDir !== undefined)
    throw usageError('give either --database-url or --data-dir, not both');
  if (flags.dataDir !== undefined) return embedded(flags.dataDir);
  const databaseUrl = flags.databaseUrl ?? env['DATABASE_URL'];
  if (databaseUrl !== undefined && databaseUrl !== '') return postgres(databaseUrl);
  return embedded(env['DATA_DIR'] || defaultDataDir);
}

function postgres(databaseUrl: string): Connection {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw usageError('--database-url must be a URL like postgres://user@host:5432/billing');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw usageError(`--database-url must start with postgres://, got ${url.protocol}//`);
  return { kind: 'postgres', databaseUrl };
}

function embedded(dataDir: string): Connection {
  const resolved = path.resolve(dataDir);
  return { kind: 'embedded', dataDir: resolved, pgliteDir: path.join(resolved, 'pglite') };
}

/** For messages: the server and database, never a password. */
export function describeConnection(connection: Connection): string {
  if (connection.kind === 'embedded') return `embedded store in ${connection.pgliteDir}`;
  const url = new URL(connection.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
