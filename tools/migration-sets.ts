import type { MigrationSet } from '@billing/sql-migrations';
import { eventStoreMigrations } from '@billing/event-store';
import { messagingMigrations } from '@billing/messaging';
import { personalDataMigrations } from '@billing/personal-data';
import { platformMigrations } from '@billing/platform';
import { disputesMigrations } from '@billing/disputes-service';
import { collectionsMigrations } from '@billing/collections-service';
import { ledgerMigrations } from '@billing/ledger-service/core';

/**
 * Every component's SQL, in the order it must be applied. Components add their set here as they
 * gain tables (event store, messaging inbox, read models).
 */
export const migrationSets: MigrationSet[] = [
  eventStoreMigrations,
  platformMigrations,
  messagingMigrations,
  personalDataMigrations,
  disputesMigrations,
  collectionsMigrations,
  ledgerMigrations,
];
