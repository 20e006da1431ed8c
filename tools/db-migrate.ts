// `npm run db:migrate`: creates the database named by DATABASE_URL if needed, creates the roles
// (the owner, and one login per service with its password from <ROLE>_PASSWORD when set), applies
// every pending migration as the owner and hands each read-model schema to its service's login
// (docs/decisions/0009-least-privilege-roles-privilege.md). DATABASE_URL must name a role that
// may create roles and change owners (locally the `postgres` superuser). Logs one JSON line per step.
import { provisionDatabase, serviceNames, serviceDatabaseUrl } from '@billing/platform';
import { migrationSets } from '../apps/server/src/migration-sets';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/billing';

function log(message: string, fields: Record<string, unknown> = {}): void {
  console.log(
    JSON.stringify({ time: new Date().toISOString(), component: 'db-migrate', message, ...fields }),
  );
}

/** The URL a service logs in with, its password hidden. */
function shownUrl(service: (typeof serviceNames)[number]): string {
  const serviceUrl = new URL(serviceDatabaseUrl(url, service));
  if (serviceUrl.password) serviceUrl.password = '***';
  return serviceUrl.toString();
}

async function main(): Promise<void> {
  const result = await provisionDatabase({ adminUrl: url, sets: migrationSets, log });
  log('database up to date', {
    database: result.database,
    applied: result.applied.length,
    sets: migrationSets.map((s) => s.name),
    services: Object.fromEntries(serviceNames.map((s) => [s, shownUrl(s)])),
  });
}

main().catch((error: unknown) => {
  log('migration failed', { error: (error as Error).message });
  process.exit(1);
});
