import { Client, type Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { createPostgresBackend, pgExecutor } from '../src/postgres/postgres.backend';
import { forEachRow } from '../src/sql/sql-executor';
import type { SqlExecutor } from '../src/sql/sql-executor';

/** Rows handed over as they arrive (big reads of the log), on a pool and on one client. */
describe('forEachRow on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let client: Client;
  beforeAll(async () => {
    database = await createTestDatabase('es_rows');
    pool = database.pool({ max: 2 });
    client = new Client({ connectionString: database.url });
    client.on('error', () => undefined); // drop() may outrun the close of its socket
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await pool?.end();
    await database?.drop();
  });

  const series = 'SELECT n, md5(n::text) AS hash FROM generate_series(1, $1::int) AS n';
  const executors = (): Array<[string, SqlExecutor]> => [
    ['the store backend (pool)', createPostgresBackend(pool)],
    ['pgExecutor(pool)', pgExecutor(pool)],
    ['pgExecutor(client)', pgExecutor(client)],
  ];

  it('hands every row over in order and counts them, as arrays when asked', async () => {
    for (const [name, db] of executors()) {
      const seen: unknown[][] = [];
      const count = await forEachRow<unknown[]>(db, series, [5_000], (row) => seen.push(row), {
        rowMode: 'array',
      });
      expect({ name, count, rows: seen.length }).toEqual({ name, count: 5_000, rows: 5_000 });
      expect(seen[0]).toEqual([1, 'c4ca4238a0b923820dcc509a6f75849b']);
      expect(seen.map((row) => row[0])).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    }
  });

  it('stops handing over at the first failure of the callback, and the connection stays usable', async () => {
    for (const [name, db] of executors()) {
      let calls = 0;
      await expect(
        forEachRow(db, series, [1_000], () => {
          calls += 1;
          if (calls === 10) throw new Error(`stop (${name})`);
        }),
      ).rejects.toThrow(`stop (${name})`);
      expect(calls).toBe(10);
      const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    }
  });

  it("rejects with the server's error", async () => {
    for (const [, db] of executors()) {
      await expect(forEachRow(db, 'SELECT 1 / 0', [], () => undefined)).rejects.toMatchObject({
        code: '22012',
      });
      const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    }
  });
});
