import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** Invoicing's read-model tables (schema `invoicing_rm`). */
export const invoicingMigrations: MigrationSet = {
  name: 'invoicing',
  directory: path.join(__dirname, '..', 'sql'),
};
