import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../src';

describe('real PostgreSQL server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('smoke');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates a table in a database of its own and round-trips a row exactly', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        'CREATE TABLE smoke (id uuid PRIMARY KEY, amount numeric(20, 4) NOT NULL)',
      );
      await client.query('INSERT INTO smoke VALUES ($1, $2)', [
        '0b6e3d4e-4a4b-4bd6-9c64-5e0f2a0b9a11',
        '1234567890.1234',
      ]);
      const { rows } = await client.query<{ amount: string; version: string; db: string }>(
        'SELECT amount::text, version() AS version, current_database() AS db FROM smoke',
      );
      console.log(`PostgreSQL smoke: ${rows[0]?.version.split(',')[0]} database ${rows[0]?.db}`);
      expect(rows).toEqual([expect.objectContaining({ amount: '1234567890.1234', db: db.name })]);
    } finally {
      await client.end();
    }
  });
});
