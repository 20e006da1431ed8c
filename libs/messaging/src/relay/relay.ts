import { type EventStore, type Subscription } from '@billing/event-store';
import { faultPoint } from '../fault-point';
import { resolveKafka, type KafkaSource } from '../kafka/kafka-client';
import type { MessagingLogger } from '../logger';
import { relayBatchSizeMax, type EventPublisher } from './event-publisher.port';
import { KafkaEventPublisher } from './kafka-event-publisher.adapter';

export type RelayOptions = (KafkaSource | { publisher: EventPublisher }) & {
  store: EventStore;
  /** The service whose events this relay publishes; names the subscription by default. */
  service: string;
  /** Destination topic, e.g. `contextTopic('invoicing')`. Ignored with a custom publisher. */
  topic: string;
  /** Stream categories to publish (the service's own); all when absent. */
  categories?: string[];
  /** Default `relay-<service>-<topic>`. */
  subscriptionId?: string;
  /** Events per send, at most 50 (default 50). */
  batchSizeMax?: number;
  logger: MessagingLogger;
};

export interface Relay {
  /** Connects the publisher and starts following the store from the saved checkpoint. */
  start(): Promise<void>;
  /** Resolves once everything committed before the call has been published. */
  caughtUp(): Promise<void>;
  /** Resolves when stopped; rejects when publishing failed (the caller restarts the relay). */
  done(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows the event store and publishes every event of the chosen categories, in the store's safe
 * global order: one batch is sent and acknowledged before the store saves the checkpoint after
 * it, and before the next batch is read. A crash between the acknowledgement and the checkpoint
 * resends that batch: delivery is at least once, and consumers de-duplicate by event id.
 */
export function createRelay(options: RelayOptions): Relay {
  const batchSizeMax = options.batchSizeMax ?? relayBatchSizeMax;
  if (!Number.isInteger(batchSizeMax) || batchSizeMax < 1 || batchSizeMax > relayBatchSizeMax) {
    throw new Error(`batchSizeMax must be between 1 and ${relayBatchSizeMax}, got ${batchSizeMax}`);
  }
  const subscriptionId = options.subscriptionId ?? `relay-${options.service}-${options.topic}`;
  const publisher =
    'publisher' in options
      ? options.publisher
      : new KafkaEventPublisher(resolveKafka(options, `relay-${options.service}`), options.topic);
  const { logger } = options;
  let subscription: Subscription | undefined;
  let publishedCount = 0;

  function requireStarted(): Subscription {
    if (!subscription) throw new Error(`Relay ${subscriptionId} is not started`);
    return subscription;
  }

  return {
    async start() {
      if (subscription) throw new Error(`Relay ${subscriptionId} already started`);
      await publisher.connect();
      subscription = options.store.subscribe({
        subscriptionId,
        batchSizeMax,
        ...(options.categories ? { filter: { categories: options.categories } } : {}),
        handle: async (events, checkpoint) => {
          await publisher.publish(events);
          // Acknowledged but not checkpointed: a crash here resends the batch after a restart.
          await faultPoint('relay.after-publish');
          publishedCount += events.length;
          logger.info(
            {
              subscriptionId,
              topic: options.topic,
              eventCount: events.length,
              publishedCount,
              globalPositionFirst: events[0]?.globalPosition,
              globalPositionLast: events[events.length - 1]?.globalPosition,
              checkpoint,
            },
            'relay published batch',
          );
        },
      });
      subscription.done.catch((error: Error) => {
        logger.error({ subscriptionId, topic: options.topic, publishedCount, reason: error.message }, 'relay stopped on error');
      });
      logger.info({ subscriptionId, topic: options.topic, categories: options.categories ?? 'all', batchSizeMax }, 'relay started');
    },
    caughtUp: () => requireStarted().caughtUp(),
    done: () => requireStarted().done,
    async stop() {
      if (!subscription) return;
      await subscription.stop();
      subscription = undefined;
      await publisher.disconnect();
      logger.info({ subscriptionId, publishedCount }, 'relay stopped');
    },
  };
}
