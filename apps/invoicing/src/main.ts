// Runs invoicing alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumers (KAFKA_BROKERS).
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';

runStandaloneService(invoicingStandaloneOptions);
