// Runs payments alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumer (KAFKA_BROKERS).
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';

runStandaloneService({
  context: 'payments',
  title: 'Payments',
  description: 'Payments, allocation over open invoices, reversals, refunds and receipts.',
  categories: ['payment', 'paymentreference'],
  consumes: ['invoicing'],
  migrations: paymentsMigrations,
  createModule: createPaymentsModule,
});
