// What a standalone service does with migrations at start-up (ADR 0015): as its own login it may
// not change the schema, so it only checks that `npm run db:migrate` left nothing pending. A
// superuser session (tests, a developer's database) still applies them, with a warning, since
// production must never run a service as one.
import { Client } from 'pg';
import type { Logger } from 'pino';
import { migrate, pendingMigrations, type MigrationSet } from '@billing/sql-migrations';

class MigrationsPendingError extends Error {}

export async function prepareServiceSchema(
  url: string,
  sets: MigrationSet[],
  logger: Logger,
): Promise<void> {
  const superuser = await isSuperuserSession(url);
  if (superuser)
    logger.warn(
      { database: new URL(url).pathname.slice(1) },
      'connected as a superuser: run the service as its own role (npm run db:migrate creates it)',
    );
  const pending = await pendingMigrations(url, sets);
  if (pending.length === 0) return;
  if (!superuser) {
    const first = pending[0];
    throw new MigrationsPendingError(
      `${pending.length} migration(s) not applied (first ${first?.set}/${first?.file}): run npm run db:migrate before starting the service`,
    );
  }
  await migrate(url, sets);
}

async function isSuperuserSession(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = session_user',
    );
    return rows[0]?.rolsuper === true;
  } finally {
    await client.end();
  }
}
