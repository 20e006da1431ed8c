import { Pool, Query, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
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

/**
 * Runs one query on one connection, handing rows to `onRow` as the driver parses them (a pg Query
 * with a row listener keeps no result array). A throwing `onRow` stops the calls; the rest of the
 * rows are still read so the connection stays usable, then the promise rejects.
 */
function streamRows<Row>(
  client: Pick<PoolClient, 'query'>,
  sql: string,
  params: unknown[] | undefined,
  onRow: (row: Row) => void,
  options: QueryOptions | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const query = new Query(queryConfig(sql, params, options));
    let count = 0;
    let failed = false;
    let failure: unknown;
    query.on('row', (row: unknown) => {
      if (failed) return;
      try {
        onRow(row as Row);
        count += 1;
      } catch (error) {
        failed = true;
        failure = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed ? reject(failure) : resolve(count)));
    client.query(query);
  });
}

/** `streamRows` on a client of the pool, released as `pool.query` releases it. */
async function streamPooledRows<Row>(
  pool: Pool,
  sql: string,
  params: unknown[] | undefined,
  onRow: (row: Row) => void,
  options: QueryOptions | undefined,
): Promise<number> {
  const client = await pool.connect();
  try {
    const count = await streamRows(client, sql, params, onRow, options);
    client.release();
    return count;
  } catch (error) {
    // A failed query may leave the connection in any state: it is closed, not reused.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/** pg Pool for queries plus one dedicated client for LISTEN, opened on first subscribe. */
export function createPostgresBackend(pool: Pool): SqlBackend {
  return {
    query: async (sql, params, options) => {
      const result = await pool.query(queryConfig(sql, params, options));
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    forEachRow: (sql, params, onRow, options) =>
      streamPooledRows(pool, sql, params, onRow, options),
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
  // Neither must a checked-out one between two queries (a transaction while Node works, a held
  // lock): pg-pool listens only on idle clients, and an 'error' with no listener ends the process.
  // The query in flight, or the next one, still fails, and the pool drops the broken client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Adapts a pg Client, PoolClient or Pool (e.g. a projection's transaction) to SqlExecutor. */
export function pgExecutor(client: Pick<Pool, 'query'>): SqlExecutor {
  return {
    query: async (sql, params, options) => {
      const result = await client.query(queryConfig(sql, params, options));
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    forEachRow: (sql, params, onRow, options) =>
      client instanceof Pool
        ? streamPooledRows(client, sql, params, onRow, options)
        : streamRows(client as Pick<PoolClient, 'query'>, sql, params, onRow, options),
  };
}
