import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** Payments' read-model tables (schema `payments_rm`). */
export const paymentsMigrations: MigrationSet = {
  name: 'payments',
  directory: path.join(__dirname, '..', 'sql'),
};
