import { pgExecutor } from '@billing/event-store';
import {
  contextTopic,
  createIdempotentConsumer,
  type BillingContext,
  type MessagingLogger,
} from '@billing/messaging';
import type { Pool } from 'pg';
import type { IntegrationEventsFactory } from './integration-events.port';

export interface KafkaIntegrationEventsOptions {
  brokers: string[];
  pool: Pool;
  logger: MessagingLogger;
  /** Retries before a message goes to the dead-letter topic. */
  retryCountMax?: number;
  /** Topic of a context; default `billing.<context>.v1` (tests give each run its own). */
  topicOf?: (context: BillingContext) => string;
  /** Appended to each Kafka consumer group (not to the inbox name), like the topic suffix. */
  groupIdSuffix?: string;
}

/** Another service's events from its Kafka topic, with the inbox in the handler's transaction. */
export function kafkaIntegrationEvents(
  options: KafkaIntegrationEventsOptions,
): IntegrationEventsFactory {
  return (subscription) =>
    createIdempotentConsumer({
      brokers: options.brokers,
      groupId: subscription.name,
      kafkaGroupId: `${subscription.name}${options.groupIdSuffix ?? ''}`,
      topics: subscription.contexts.map(options.topicOf ?? contextTopic),
      pool: options.pool,
      retryCountMax: options.retryCountMax ?? 5,
      retryBackoff: { delayInitialMs: 100, delayMaxMs: 2_000 },
      logger: options.logger,
      handle: (event, tx) => subscription.handle(event, pgExecutor(tx)),
    });
}
