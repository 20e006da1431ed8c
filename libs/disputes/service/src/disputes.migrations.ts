import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** Disputes' read-model tables (schema `disputes_rm`). */
export const disputesMigrations: MigrationSet = {
  name: 'disputes',
  directory: path.join(__dirname, '..', 'sql'),
};
