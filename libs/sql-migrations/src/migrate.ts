import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

/** A named, ordered folder of `.sql` files owned by one component (e.g. the event store). */
export interface MigrationSet {
  name: string;
  directory: string;
}

export interface AppliedMigration {
  set: string;
  file: string;
}

export interface MigrateOptions {
  /**
   * Role the migrations run as (`SET ROLE`), so every object they create belongs to it: the
   * schema owner (`billing_owner`) rather than whoever logged in to run them.
   */
  role?: string;
}

/** Lock key shared by every runner, so two processes migrating at once take turns. */
const advisoryLockKey = 7_411_200_001;

/** Creates the database named in `url` when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new Error(`Unsupported database name: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

export function listMigrationFiles(set: MigrationSet): string[] {
  return fs
    .readdirSync(set.directory)
    .filter((f) => f.endsWith('.sql'))
    .sort((a, b) => a.localeCompare(b, 'en'));
}

/**
 * Applies every not-yet-applied file of each set, in set order then file-name order, each file in
 * its own transaction together with its record in `public.schema_migrations`.
 */
export async function migrate(
  url: string,
  sets: MigrationSet[],
  onApplied: (m: AppliedMigration) => void = () => undefined,
  options: MigrateOptions = {},
): Promise<AppliedMigration[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const applied: AppliedMigration[] = [];
  try {
    if (options.role) await client.query(`SET ROLE "${assertRoleName(options.role)}"`);
    await client.query('SELECT pg_advisory_lock($1)', [advisoryLockKey]);
    await client.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      migration_set text NOT NULL,
      file_name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (migration_set, file_name))`);
    for (const set of sets) {
      const done = new Map(
        (
          await client.query<{ file_name: string; checksum: string }>(
            'SELECT file_name, checksum FROM public.schema_migrations WHERE migration_set = $1',
            [set.name],
          )
        ).rows.map((r) => [r.file_name, r.checksum]),
      );
      for (const file of listMigrationFiles(set)) {
        const sql = fs.readFileSync(path.join(set.directory, file), 'utf8');
        const checksum = createHash('sha256').update(sql).digest('hex');
        const previous = done.get(file);
        if (previous !== undefined) {
          if (previous !== checksum) {
            throw new Error(
              `Migration ${set.name}/${file} was changed after it was applied; add a new file instead.`,
            );
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query(
            'INSERT INTO public.schema_migrations (migration_set, file_name, checksum) VALUES ($1, $2, $3)',
            [set.name, file, checksum],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${set.name}/${file} failed: ${(error as Error).message}`);
        }
        applied.push({ set: set.name, file });
        onApplied({ set: set.name, file });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [advisoryLockKey]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

/** Files of `sets` not recorded in `public.schema_migrations` yet; reads only. */
export async function pendingMigrations(
  url: string,
  sets: MigrationSet[],
): Promise<AppliedMigration[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(
      "SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present",
    );
    const recorded = new Set<string>();
    if (table.rows[0]?.present) {
      const { rows } = await client.query<{ migration_set: string; file_name: string }>(
        'SELECT migration_set, file_name FROM public.schema_migrations',
      );
      for (const row of rows) recorded.add(`${row.migration_set}/${row.file_name}`);
    }
    return sets.flatMap((set) =>
      listMigrationFiles(set)
        .filter((file) => !recorded.has(`${set.name}/${file}`))
        .map((file) => ({ set: set.name, file })),
    );
  } finally {
    await client.end();
  }
}

/** Role names reach SQL as identifiers; only plain lower-case names are accepted. */
export function assertRoleName(role: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Unsupported role name: ${role}`);
  return role;
}
