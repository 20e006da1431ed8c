import type { StandaloneServiceOptions } from '@billing/platform';
import { createInvoicingModule } from './invoicing.module';
import { invoicingMigrations } from './invoicing.migrations';

/**
 * Invoicing as its own process: what it publishes (its stream categories, to its topic) and what
 * it consumes. Shared by `apps/invoicing/src/main.ts` and the end-to-end tests that start it in
 * process, so both run the very same wiring.
 */
export const invoicingStandaloneOptions: StandaloneServiceOptions = {
  context: 'invoicing',
  title: 'Invoicing',
  description:
    'Billing accounts, invoices, credit notes and corrected invoices; applies write-offs and dispute credits.',
  categories: ['billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries'],
  // Payments' allocations, reversals and chargebacks; collections' write-offs; disputes' credits.
  consumes: ['payments', 'collections', 'disputes'],
  migrations: invoicingMigrations,
  createModule: createInvoicingModule,
};
