import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** The messaging tables (the consumers' inbox), as a set for the migration runner. */
export const messagingMigrations: MigrationSet = {
  name: 'messaging',
  directory: path.resolve(__dirname, '../sql'),
};
