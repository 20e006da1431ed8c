import type { Pool, PoolConfig } from 'pg';
import { SqlEventStore } from '../sql/sql-event-store';
import type { CatchUpTiming } from '../subscription/catch-up.subscription';
import { createPostgresBackend, poolFromConfig } from './postgres.backend';

export interface PostgresEventStoreOptions {
  /** Either a connection string or an existing pool (then closing the store ends the pool). */
  connectionString?: string;
  pool?: Pool;
  poolConfig?: PoolConfig;
  timing?: CatchUpTiming;
  /**
   * Role each connection switches to (`SET ROLE`), e.g. `billing_app` when the login user is
   * broader than the application should be. Ignored when `pool` is given.
   */
  role?: string;
}

/** The production adapter. Run `eventStoreMigrations` first (apps/server/src/migration-sets.ts lists every set). */
export function createPostgresEventStore(options: PostgresEventStoreOptions): SqlEventStore {
  if (options.role !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.role)) {
    throw new RangeError(`Unsupported role name ${options.role}`);
  }
  // The role is a startup parameter, so it holds before the connection's first statement.
  const roleOption = options.role === undefined ? {} : { options: `-c role=${options.role}` };
  const pool =
    options.pool ??
    poolFromConfig({
      connectionString: options.connectionString,
      ...roleOption,
      ...options.poolConfig,
    });
  return new SqlEventStore(createPostgresBackend(pool), { timing: options.timing });
}
