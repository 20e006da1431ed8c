import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** The platform's tables (idempotency keys), as a set for the migration runner. */
export const platformMigrations: MigrationSet = {
  name: 'platform',
  directory: path.resolve(__dirname, '../../sql'),
};
