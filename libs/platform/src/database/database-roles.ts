// The database roles of the billing system (ADR 0009): one owner that migrations run as, one
// group that may read the log and call the append function, and one login per service.
import { assertRoleName } from '@billing/sql-migrations';

/** Owns the database, the event store, the shared tables and the migration record. */
export const ownerRole = 'billing_owner';

/** The group every service login is a member of: reads the log, appends through the function. */
export const appRole = 'billing_app';

export type ServiceName = 'invoicing' | 'payments' | 'collections' | 'disputes' | 'ledger';

export const serviceNames: readonly ServiceName[] = [
  'invoicing',
  'payments',
  'collections',
  'disputes',
  'ledger',
];

export interface ServiceRole {
  service: ServiceName;
  /** The service's login, e.g. `invoicing_svc`. */
  role: string;
  /** The read-model schema it owns, e.g. `invoicing_rm`; no other login may write it. */
  schema: string;
}

export function serviceRole(service: ServiceName): ServiceRole {
  return { service, role: `${service}_svc`, schema: `${service}_rm` };
}

export const serviceRoles: readonly ServiceRole[] = serviceNames.map(serviceRole);

export function isServiceName(name: string): name is ServiceName {
  return (serviceNames as readonly string[]).includes(name);
}

/**
 * A role's password from the environment (`INVOICING_SVC_PASSWORD`, `BILLING_OWNER_PASSWORD`), for
 * servers with password authentication; absent where the server trusts local connections.
 */
export function rolePassword(
  role: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const value = env[`${assertRoleName(role).toUpperCase()}_PASSWORD`];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The connection string a service logs in with: the migrator's server and database, the
 * service's own role and, when the environment has one, its password.
 */
export function serviceDatabaseUrl(
  databaseUrl: string,
  service: ServiceName,
  env: Record<string, string | undefined> = process.env,
): string {
  const url = new URL(databaseUrl);
  const { role } = serviceRole(service);
  url.username = role;
  url.password = rolePassword(role, env) ?? '';
  return url.toString();
}
