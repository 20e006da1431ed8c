import { Client, type Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { poolFromConfig } from '../src/postgres/postgres.backend';

/**
 * A service holds pooled connections between queries (a read-model transaction while Node works,
 * a lock). When the database ends such a backend (failover, `pg_terminate_backend`, a restart),
 * pg emits 'error' on the client; with no listener that ends the process. Seen in the fault
 * suite: invoicing, payments and the ledger exited on `terminating connection due to
 * administrator command`.
 */
describe('a pool from poolFromConfig when the server ends its backends', () => {
  let database: TestDatabase;
  let pool: Pool;
  let admin: Client;
  beforeAll(async () => {
    database = await createTestDatabase('es_pool_terminated');
    pool = poolFromConfig({ connectionString: database.url, max: 3, application_name: 'held' });
    admin = new Client({ connectionString: database.url });
    admin.on('error', () => undefined);
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await pool?.end();
    await database?.drop();
  });

  it('survives a checked-out client whose backend is terminated between queries, and serves again', async () => {
    const held = await pool.connect();
    await held.query('BEGIN');
    await held.query('SELECT 1');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const { rows } = await admin.query<{ ended: number }>(
        `SELECT count(*)::int AS ended FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'held' AND datname = current_database()) t`,
      );
      expect(rows[0]!.ended).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(held.query('SELECT 1')).rejects.toThrow();
      held.release(true);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows[0]!.ok).toBe(1);
  });
});
