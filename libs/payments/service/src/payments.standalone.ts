import type { StandaloneServiceOptions } from '@billing/platform';
import { createPaymentsModule } from './payments.module';
import { paymentsMigrations } from './payments.migrations';

/**
 * Payments as its own process: what it publishes and what it consumes. Shared by
 * `apps/payments/src/main.ts` and the end-to-end tests that start it in process.
 */
export const paymentsStandaloneOptions: StandaloneServiceOptions = {
  context: 'payments',
  title: 'Payments',
  description:
    'Payments, allocation over open invoices, reversals, chargebacks, refunds and receipts.',
  categories: ['payment', 'paymentreference'],
  consumes: ['invoicing', 'disputes'],
  migrations: paymentsMigrations,
  createModule: createPaymentsModule,
};
