import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** The personal-data key store's SQL (schema `personal_data`), one object per file. */
export const personalDataMigrations: MigrationSet = {
  name: 'personal-data',
  directory: path.join(__dirname, '..', 'sql'),
};
