// Runs collections alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumers (KAFKA_BROKERS),
// notifications to billing.notifications.v1, and its settings from COLLECTIONS_* variables.
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { collectionsServiceOptions } from './collections.service-options';

runStandaloneService(collectionsServiceOptions);
