// Runs disputes alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumers (KAFKA_BROKERS),
// the SLA from DISPUTE_SLA_BUSINESS_DAYS / DISPUTE_HOLIDAYS / DISPUTE_ESCALATION_INTERVAL_MS.
import 'reflect-metadata';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { runStandaloneService } from '@billing/platform';

runStandaloneService(disputesStandaloneOptions);
