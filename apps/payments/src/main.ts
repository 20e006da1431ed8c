// Runs payments alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumer (KAFKA_BROKERS).
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { paymentsStandaloneOptions } from '@billing/payments-service';

runStandaloneService(paymentsStandaloneOptions);
