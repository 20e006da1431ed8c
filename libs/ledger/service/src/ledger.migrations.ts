import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/**
 * The ledger's fixed SQL (schema `ledger_rm`, the projection registry, its functions). The
 * versioned projection tables are created by the service (`ensureLiveVersions`, rebuilds).
 */
export const ledgerMigrations: MigrationSet = {
  name: 'ledger',
  directory: path.join(__dirname, '..', 'sql'),
};
