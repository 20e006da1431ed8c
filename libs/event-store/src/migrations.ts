import * as path from 'node:path';
import type { MigrationSet } from '@billing/sql-migrations';

/** The event store's SQL (schema `event_store`), one object per file, applied in file-name order. */
export const eventStoreMigrations: MigrationSet = {
  name: 'event-store',
  directory: path.join(__dirname, '..', 'sql'),
};
