// Runs disputes alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumers (KAFKA_BROKERS),
// the SLA from DISPUTE_SLA_BUSINESS_DAYS / DISPUTE_HOLIDAYS / DISPUTE_ESCALATION_INTERVAL_MS.
import 'reflect-metadata';
import { disputesStreamCategories } from '@billing/contracts';
import {
  createDisputesModule,
  disputesMigrations,
  disputesSettingsFromEnv,
} from '@billing/disputes-service';
import { runStandaloneService } from '@billing/platform';

runStandaloneService({
  context: 'disputes',
  title: 'Disputes',
  description:
    'Invoice disputes and chargeback cases: open, investigate, escalate past the SLA, resolve.',
  categories: Object.values(disputesStreamCategories),
  consumes: ['invoicing', 'payments'],
  migrations: disputesMigrations,
  // Read inside start-up, so a bad setting stops the service with a message naming the variable.
  createModule: (deps) => createDisputesModule({ ...deps, ...disputesSettingsFromEnv() }),
});
