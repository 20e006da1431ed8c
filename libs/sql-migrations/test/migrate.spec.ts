import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, databaseUrl, TestDatabase } from '@billing/testing';
import { ensureDatabase, migrate, MigrationSet } from '../src';

describe('SQL migration runner on real PostgreSQL', () => {
  let db: TestDatabase;
  let dir: string;
  let set: MigrationSet;

  beforeEach(async () => {
    db = await createTestDatabase('migrate');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.writeFileSync(path.join(dir, '0001_schema.sql'), 'CREATE SCHEMA demo;');
    fs.writeFileSync(
      path.join(dir, '0002_table_things.sql'),
      'CREATE TABLE demo.things (id int PRIMARY KEY);',
    );
    set = { name: 'demo', directory: dir };
  });
  afterEach(async () => {
    await db.drop();
  });

  async function query(sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('applies files in name order once and records each', async () => {
    expect(await migrate(db.url, [set])).toEqual([
      { set: 'demo', file: '0001_schema.sql' },
      { set: 'demo', file: '0002_table_things.sql' },
    ]);
    expect(await migrate(db.url, [set])).toEqual([]);
    fs.writeFileSync(
      path.join(dir, '0003_index.sql'),
      'CREATE INDEX things_id ON demo.things (id);',
    );
    expect(await migrate(db.url, [set])).toEqual([{ set: 'demo', file: '0003_index.sql' }]);
    expect(
      await query('SELECT file_name FROM public.schema_migrations ORDER BY file_name'),
    ).toHaveLength(3);
  });

  it('refuses a file that changed after it was applied', async () => {
    await migrate(db.url, [set]);
    fs.writeFileSync(
      path.join(dir, '0002_table_things.sql'),
      'CREATE TABLE demo.things (id bigint);',
    );
    await expect(migrate(db.url, [set])).rejects.toThrow(/0002_table_things.sql was changed/);
  });

  it('rolls back a failing file and records nothing for it', async () => {
    fs.writeFileSync(
      path.join(dir, '0003_broken.sql'),
      'CREATE TABLE demo.ok (id int); SELECT no_such_fn();',
    );
    await expect(migrate(db.url, [set])).rejects.toThrow(/0003_broken.sql failed/);
    expect(await query("SELECT to_regclass('demo.ok') AS t")).toEqual([{ t: null }]);
    expect(await query('SELECT file_name FROM public.schema_migrations')).toHaveLength(2);
  });

  it('creates a missing database', async () => {
    const name = `${db.name}_new`;
    expect(await ensureDatabase(databaseUrl(name))).toBe(true);
    expect(await ensureDatabase(databaseUrl(name))).toBe(false);
    const admin = new Client({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  });
});
