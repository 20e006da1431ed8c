import { Pool, type PoolConfig, type QueryConfig } from 'pg';
import type { QueryOptions, SqlBackend, SqlExecutor } from '../sql/sql-executor';

/** A pg query config: named statements are parsed and planned once per connection. */
function queryConfig(
  sql: string,
  params: unknown[] | undefined,
  options: QueryOptions | undefined,
): QueryConfig {
  const config: QueryConfig & { rowMode?: 'array' } = { text: sql, values: params };
  if (options?.name) config.name = options.name;
  if (options?.rowMode) config.rowMode = options.rowMode;
  return config;
}

/** pg Pool for queries plus one dedicated client for LISTEN, opened on first subscribe. */
export function createPostgresBackend(pool: Pool): SqlBackend {
  return {
    query: async (sql, params, options) => {
      const result = await pool.query(queryConfig(sql, params, options));
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    listen: async (channel, onNotify) => {
      const client = await pool.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      // A broken LISTEN connection only slows delivery to the safety-net poll.
      client.on('error', () => undefined);
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
        client.release();
      };
    },
    close: () => pool.end(),
  };
}

export function poolFromConfig(config: PoolConfig): Pool {
  const pool = new Pool({ max: 10, ...config });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Adapts a pg Client, PoolClient or Pool (e.g. a projection's transaction) to SqlExecutor. */
export function pgExecutor(client: Pick<Pool, 'query'>): SqlExecutor {
  return {
    query: async (sql, params, options) => {
      const result = await client.query(queryConfig(sql, params, options));
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}
