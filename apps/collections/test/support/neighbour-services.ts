// The services collections lives next to, started in this test process exactly as their own
// `main.ts` starts them. Production code never crosses contexts; an end-to-end test of their
// conversation has to, which is why the module boundary rule is lifted for these two imports.
import type { StandaloneServiceOptions } from '@billing/platform';
// eslint-disable-next-line @nx/enforce-module-boundaries -- end-to-end test runs invoicing beside collections
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';
// eslint-disable-next-line @nx/enforce-module-boundaries -- end-to-end test runs payments beside collections
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';

/** As apps/invoicing/src/main.ts. */
export const invoicingServiceOptions: StandaloneServiceOptions = {
  context: 'invoicing',
  title: 'Invoicing',
  description: 'Billing accounts, invoices, credit notes and corrected invoices.',
  categories: ['billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries'],
  consumes: ['payments'],
  migrations: invoicingMigrations,
  createModule: createInvoicingModule,
};

/** As apps/payments/src/main.ts. */
export const paymentsServiceOptions: StandaloneServiceOptions = {
  context: 'payments',
  title: 'Payments',
  description: 'Payments, allocation over open invoices, reversals, refunds and receipts.',
  categories: ['payment', 'paymentreference'],
  consumes: ['invoicing'],
  migrations: paymentsMigrations,
  createModule: createPaymentsModule,
};
