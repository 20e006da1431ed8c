import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SqlExecutor } from '@billing/event-store';
import type { MigrationSet } from '@billing/sql-migrations';

/**
 * Applies read-model migration sets through any executor (PGlite in embedded mode, where the
 * pg-based runner cannot connect): each file once, in name order, recorded in
 * `public.schema_migrations` like the server runner does. Statements are split on `;` at line
 * ends, so a file must not put one inside a string or a function body.
 */
export async function applySqlMigrationsWith(
  db: SqlExecutor,
  sets: MigrationSet[],
): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
    migration_set text NOT NULL, file_name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (migration_set, file_name))`);
  const applied: string[] = [];
  for (const set of sets) {
    const files = fs
      .readdirSync(set.directory)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const file of files) {
      const done = await db.query(
        'SELECT 1 FROM public.schema_migrations WHERE migration_set = $1 AND file_name = $2',
        [set.name, file],
      );
      if (done.rows.length > 0) continue;
      const text = fs.readFileSync(path.join(set.directory, file), 'utf8');
      for (const statement of text
        .split(/;\s*$/m)
        .map((s) => s.trim())
        .filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '')) {
        await db.query(statement);
      }
      await db.query(
        'INSERT INTO public.schema_migrations (migration_set, file_name, checksum) VALUES ($1, $2, $3)',
        [set.name, file, 'embedded'],
      );
      applied.push(`${set.name}/${file}`);
    }
  }
  return applied;
}
