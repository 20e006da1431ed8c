// `npm run db:migrate`: creates the database named by DATABASE_URL if needed and applies every
// pending migration. Logs one JSON line per step.
import { ensureDatabase, migrate } from '@billing/sql-migrations';
import { migrationSets } from './migration-sets';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/billing';

function log(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), component: 'db-migrate', message, ...fields }));
}

async function main(): Promise<void> {
  const database = new URL(url).pathname.slice(1);
  if (await ensureDatabase(url)) log('database created', { database });
  const applied = await migrate(url, migrationSets, (m) => log('migration applied', { ...m }));
  log('database up to date', { database, applied: applied.length, sets: migrationSets.map((s) => s.name) });
}

main().catch((error: unknown) => {
  log('migration failed', { error: (error as Error).message });
  process.exit(1);
});
