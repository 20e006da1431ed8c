import type { MigrationSet } from '@billing/sql-migrations';
import { eventStoreMigrations } from '@billing/event-store';
import { messagingMigrations } from '@billing/messaging';
import { personalDataMigrations } from '@billing/personal-data';
import { platformMigrations } from '@billing/platform';
import { invoicingMigrations } from '@billing/invoicing-service';
import { paymentsMigrations } from '@billing/payments-service';
import { disputesMigrations } from '@billing/disputes-service';
import { collectionsMigrations } from '@billing/collections-service';
import { ledgerMigrations } from '@billing/ledger-service/core';

/**
 * Every component's SQL, in the order it must be applied (`npm run db:migrate`, the least-privilege
 * test). Components add their set here as they gain tables.
 */
export const migrationSets: MigrationSet[] = [
  eventStoreMigrations,
  platformMigrations,
  messagingMigrations,
  personalDataMigrations,
  invoicingMigrations,
  paymentsMigrations,
  disputesMigrations,
  collectionsMigrations,
  ledgerMigrations,
];
