// `npm run db:migrate`'s work (ADR 0009): the database, its roles, then every migration as the
// owner role, then each read-model schema handed to its service's login.
import { Client, type ClientBase } from 'pg';
import {
  assertRoleName,
  ensureDatabase,
  migrate,
  type AppliedMigration,
  type MigrationSet,
} from '@billing/sql-migrations';
import { appRole, ownerRole, rolePassword, serviceRoles } from './database-roles';
import { assignSharedRows } from './assign-shared-rows';
import { handOverSchema } from './schema-ownership';

export interface ProvisionDatabaseOptions {
  /** A role that may create databases and roles and change owners (locally the superuser). */
  adminUrl: string;
  sets: MigrationSet[];
  /** Where role passwords come from (`<ROLE>_PASSWORD`); default `process.env`. */
  env?: Record<string, string | undefined>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ProvisionedDatabase {
  database: string;
  created: boolean;
  applied: AppliedMigration[];
}

export async function provisionDatabase(
  options: ProvisionDatabaseOptions,
): Promise<ProvisionedDatabase> {
  const log = options.log ?? (() => undefined);
  const env = options.env ?? process.env;
  const database = decodeURIComponent(new URL(options.adminUrl).pathname.slice(1));
  const created = await ensureDatabase(options.adminUrl);
  if (created) log('database created', { database });
  await withClient(options.adminUrl, async (client) => {
    await ensureRoles(client, env);
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${ownerRole}`);
    const adopted = await adoptSharedSchemas(client);
    if (adopted > 0) log('objects handed to the owner role', { role: ownerRole, count: adopted });
  });
  const applied = await migrate(
    options.adminUrl,
    options.sets,
    (m) => log('migration applied', { ...m }),
    {
      role: ownerRole,
    },
  );
  await withClient(options.adminUrl, async (client) => {
    for (const { role, schema } of serviceRoles) await handOverSchema(client, schema, role);
    const assigned = await assignSharedRows(client);
    if (assigned > 0) log('shared rows given to their services', { count: assigned });
    // Services check at start-up that nothing is pending (prepareServiceSchema).
    await client.query(`GRANT SELECT ON public.schema_migrations TO ${appRole}`);
  });
  return { database, created, applied };
}

/**
 * The owner (no login unless BILLING_OWNER_PASSWORD is set), the app group, and one login per
 * service in that group: never a superuser, never able to create roles or databases, replicate or
 * bypass row-level security. Roles are cluster-wide, so several databases share them.
 */
async function ensureRoles(
  client: ClientBase,
  env: Record<string, string | undefined>,
): Promise<void> {
  const ownerPassword = rolePassword(ownerRole, env);
  await ensureRole(client, ownerRole, ownerPassword ? 'LOGIN' : 'NOLOGIN', ownerPassword);
  await ensureRole(client, appRole, 'NOLOGIN');
  for (const { role } of serviceRoles) {
    await ensureRole(client, role, 'LOGIN', rolePassword(role, env));
    await client.query(`GRANT ${appRole} TO ${role}`);
    // The owner runs later read-model migrations on schemas the services own.
    await client.query(`GRANT ${role} TO ${ownerRole}`);
  }
}

const limited = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

async function ensureRole(
  client: ClientBase,
  role: string,
  login: 'LOGIN' | 'NOLOGIN',
  password?: string,
): Promise<void> {
  assertRoleName(role);
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (!exists.rowCount) {
    try {
      await client.query(`CREATE ROLE ${role} ${login} ${limited}`);
    } catch (error) {
      // Another database's provisioning created it at the same moment.
      if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  }
  const secret = password === undefined ? '' : ` PASSWORD ${client.escapeLiteral(password)}`;
  await client.query(`ALTER ROLE ${role} ${login} ${limited}${secret}`);
}

/**
 * Objects made before the owner role existed (a database first migrated as the superuser) move to
 * it: every schema but the system's and the read models', and the tables and routines in `public`
 * (the migration record among them).
 */
async function adoptSharedSchemas(client: ClientBase): Promise<number> {
  const readModelSchemas = serviceRoles.map((s) => s.schema);
  const { rows } = await client.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace
      WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')
        AND NOT (nspname = ANY($1))`,
    [readModelSchemas],
  );
  let count = await handOverSchema(client, 'public', ownerRole, { keepSchemaOwner: true });
  for (const { nspname } of rows) count += await handOverSchema(client, nspname, ownerRole);
  return count;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
