import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** Collections' read-model tables (schema `collections_rm`). */
export const collectionsMigrations: MigrationSet = {
  name: 'collections',
  directory: path.join(__dirname, '..', 'sql'),
};
