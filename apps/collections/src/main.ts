// Runs collections alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumers (KAFKA_BROKERS),
// notifications to billing.notifications.v1, and its settings from COLLECTIONS_* variables.
import 'reflect-metadata';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { runStandaloneService } from '@billing/platform';

runStandaloneService(collectionsStandaloneOptions);
