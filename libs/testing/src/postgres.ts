import { randomBytes } from 'node:crypto';
import { Client, Pool, type PoolConfig } from 'pg';

export interface TestDatabase {
  /** Connection string of a database created for this suite only. */
  url: string;
  name: string;
  /**
   * A pool on this database whose pool and clients have error listeners (a connection the
   * server drops never throws into the test process); `drop()` ends it first.
   */
  pool(config?: Omit<PoolConfig, 'connectionString'>): Pool;
  /**
   * Ends the pools made by `pool()`, waits until every other connection to the database has
   * closed (pg's `Pool.end()` resolves before its sockets do), then drops the database. Only a
   * connection still open after that wait is terminated by `WITH (FORCE)`.
   */
  drop(): Promise<void>;
}

/** How long drop() waits for a suite's connections to close before forcing them. */
const closeWaitMs = 5_000;
const closePollMs = 50;

const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server's maintenance database: `TEST_PG_ADMIN_URL`, else `DATABASE_URL`'s server, else local. */
export function adminUrl(): string {
  if (process.env['TEST_PG_ADMIN_URL']) return process.env['TEST_PG_ADMIN_URL'];
  if (process.env['DATABASE_URL']) {
    const url = new URL(process.env['DATABASE_URL']);
    url.pathname = '/postgres';
    return url.toString();
  }
  return defaultAdminUrl;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates a fresh database on the real PostgreSQL server for one suite, named
 * `test_<prefix>_<random>`. Throws, naming the server, when PostgreSQL cannot be reached.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  const name = `test_${safePrefix}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  const pools: Pool[] = [];
  return {
    url,
    name,
    pool: (config = {}) => {
      const pool = listenedPool(new Pool({ ...config, connectionString: url }));
      pools.push(pool);
      return pool;
    },
    drop: async () => {
      await Promise.all(pools.splice(0).map((pool) => (pool.ended ? undefined : pool.end())));
      await withAdmin(async (admin) => {
        await untilNoConnections(admin, name);
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/**
 * Error listeners on a pool and on every client it makes: an error of an idle client, or of a
 * client whose connection the server closes, is then an event, not an uncaught exception.
 */
export function listenedPool(pool: Pool): Pool {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

async function untilNoConnections(admin: Client, name: string): Promise<void> {
  const deadline = Date.now() + closeWaitMs;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    if (rows[0]?.count === '0') return;
    await new Promise((resolve) => setTimeout(resolve, closePollMs));
  }
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL for this test: cannot connect to ${redact(adminUrl())} ` +
        `(${(error as Error).message}). Start the server or set TEST_PG_ADMIN_URL.`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
