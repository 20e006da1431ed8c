import type { StandaloneServiceOptions } from '@billing/platform';
import { createLedgerModule, ledgerMigrations } from '@billing/ledger-service';

/**
 * The ledger as a standalone service. It owns no stream categories, relays nothing and consumes
 * no topic: its projectors follow the event store's global order directly, so a rebuild from
 * position 0 is deterministic.
 */
export const ledgerServiceOptions: StandaloneServiceOptions = {
  context: 'ledger',
  title: 'Ledger',
  description:
    'Balances, double-entry journal and trial balance, aging, customer statements, audit trail and billing metrics, live or as of any past moment.',
  categories: [],
  consumes: [],
  migrations: ledgerMigrations,
  createModule: createLedgerModule,
};
