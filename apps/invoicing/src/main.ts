// Runs invoicing alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumer (KAFKA_BROKERS).
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';

runStandaloneService({
  context: 'invoicing',
  title: 'Invoicing',
  description: 'Billing accounts, invoices, credit notes and corrected invoices.',
  categories: ['billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries'],
  consumes: ['payments'],
  migrations: invoicingMigrations,
  createModule: createInvoicingModule,
});
