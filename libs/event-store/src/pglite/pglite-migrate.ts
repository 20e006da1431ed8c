import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { listMigrationFiles, type MigrationSet } from '@billing/sql-migrations';

/**
 * Applies a migration set to PGlite with the same bookkeeping as the pg runner
 * (`public.schema_migrations`, one transaction per file, checksums must not change).
 */
export async function migratePglite(db: PGlite, sets: MigrationSet[]): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
    migration_set text NOT NULL, file_name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (migration_set, file_name))`);
  const applied: string[] = [];
  for (const set of sets) {
    const done = await db.query<{ file_name: string; checksum: string }>(
      'SELECT file_name, checksum FROM public.schema_migrations WHERE migration_set = $1',
      [set.name],
    );
    const checksums = new Map(done.rows.map((r) => [r.file_name, r.checksum]));
    for (const file of listMigrationFiles(set)) {
      const sql = fs.readFileSync(path.join(set.directory, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = checksums.get(file);
      if (previous !== undefined) {
        if (previous !== checksum)
          throw new Error(`Migration ${set.name}/${file} was changed after it was applied`);
        continue;
      }
      await db.transaction(async (tx) => {
        await tx.exec(sql);
        await tx.query(
          'INSERT INTO public.schema_migrations (migration_set, file_name, checksum) VALUES ($1, $2, $3)',
          [set.name, file, checksum],
        );
      });
      applied.push(`${set.name}/${file}`);
    }
  }
  return applied;
}
