// Rows of the shared tables that no service login owns (written before the owner_role column, or
// by a service run as the superuser) go to the service their name says they belong to, so a
// service switched to its own login finds its relay and projection checkpoints, its inbox and its
// Idempotency-Key records again instead of starting over (ADR 0009).
import type { ClientBase } from 'pg';
import { serviceNames } from './database-roles';

/** Table, key column, and the pattern whose first group is the service's name. */
const sharedTables: ReadonlyArray<[table: string, column: string, pattern: string]> = [
  ['event_store.checkpoints', 'subscription_id', '^(?:relay-)?([a-z]+)[.-]'],
  ['messaging.inbox', 'consumer_group', '^([a-z]+)[.]'],
  ['platform.idempotency_keys', 'scope', '^([a-z]+)$'],
];

export async function assignSharedRows(client: ClientBase): Promise<number> {
  let count = 0;
  for (const [table, column, pattern] of sharedTables) {
    const present = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    if (!present.rows[0]?.present) continue;
    const result = await client.query(
      `UPDATE ${table} SET owner_role = substring(${column} FROM $1) || '_svc'
        WHERE owner_role NOT LIKE '%\\_svc' AND substring(${column} FROM $1) = ANY($2)`,
      [pattern, serviceNames],
    );
    count += result.rowCount ?? 0;
  }
  return count;
}
