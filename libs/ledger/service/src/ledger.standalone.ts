import type { StandaloneServiceOptions } from '@billing/platform';
import { createLedgerModule } from './http/ledger.module';
import { ledgerMigrations } from './ledger.migrations';

/**
 * The ledger as its own process. It owns no stream categories, relays nothing and consumes no
 * topic: its projectors follow the event store's global order directly, so a rebuild from
 * position 0 is deterministic. It must therefore run on the database the other services append
 * to. Shared by `apps/ledger/src/main.ts` and the end-to-end tests that start it in process.
 */
export const ledgerStandaloneOptions: StandaloneServiceOptions = {
  context: 'ledger',
  title: 'Ledger',
  description:
    'Balances, double-entry journal and trial balance, aging, customer statements, audit trail and billing metrics, live or as of any past moment.',
  categories: [],
  consumes: [],
  migrations: ledgerMigrations,
  createModule: createLedgerModule,
};
