import { PGlite } from '@electric-sql/pglite';
import { eventStoreMigrations } from '../migrations';
import { SqlEventStore } from '../sql/sql-event-store';
import type { CatchUpTiming } from '../subscription/catch-up.subscription';
import { createPgliteBackend } from './pglite.backend';
import { migratePglite } from './pglite-migrate';

export interface PgliteEventStoreOptions {
  /** Directory of the database files; survives restarts. Omit for a throw-away in-memory database. */
  dataDir?: string;
  timing?: CatchUpTiming;
}

/**
 * The embedded default: real PostgreSQL (WASM) in process, same SQL migrations as the server
 * adapter, applied on open. Roles and triggers work as on the server; the process is the only
 * client, so `billing_app` documents intent rather than isolating anyone.
 */
export async function createPgliteEventStore(
  options: PgliteEventStoreOptions = {},
): Promise<SqlEventStore> {
  const db = await PGlite.create(options.dataDir);
  await migratePglite(db, [eventStoreMigrations]);
  return new SqlEventStore(createPgliteBackend(db), {
    timing: options.timing ?? { idlePollMs: 1_000, notifiedRetryMs: 10, notifiedRetryCountMax: 0 },
  });
}
