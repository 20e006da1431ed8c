import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** Connection string of a database created for this suite only. */
  url: string;
  name: string;
  /** Drops the database (terminating its remaining connections). */
  drop(): Promise<void>;
}

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
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
  const name = `test_${safePrefix}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  return {
    url: databaseUrl(name),
    name,
    drop: () =>
      withAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
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
