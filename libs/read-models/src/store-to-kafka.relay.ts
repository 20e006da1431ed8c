import type { EventStore, Subscription } from '@billing/event-store';
import { resolveKafka, toKafkaMessage, type MessagingLogger } from '@billing/messaging';
import type { Producer } from 'kafkajs';

export interface StoreToKafkaRelayOptions {
  store: EventStore;
  brokers: string[];
  /** Checkpoint name, one per publishing service. */
  relayId: string;
  /** The service's own stream categories: it publishes only what it owns. */
  categories: string[];
  topic: string;
  logger: MessagingLogger;
}

/** Records per Kafka send; the relay awaits each send before the next (see toolchain notes). */
const batchSizeMax = 50;

/**
 * Publishes committed events to the service's topic in the store's safe order. The subscription
 * moves its checkpoint only after the awaited send, so delivery is at least once, never lost:
 * consumers de-duplicate by event id.
 *
 * Stand-in until @billing/messaging ships its relay; same contract (key = billing account id,
 * headers from toKafkaMessage).
 */
export function startStoreToKafkaRelay(options: StoreToKafkaRelayOptions): {
  start(): Promise<void>;
  stop(): Promise<void>;
} {
  let producer: Producer | undefined;
  let subscription: Subscription | undefined;
  return {
    async start() {
      const kafka = resolveKafka({ brokers: options.brokers }, `relay-${options.relayId}`);
      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const connected = producer;
      subscription = options.store.subscribe({
        subscriptionId: options.relayId,
        filter: { categories: options.categories },
        batchSizeMax,
        handle: async (events) => {
          await connected.send({
            topic: options.topic,
            acks: -1,
            messages: events.map(toKafkaMessage),
          });
        },
      });
      subscription.done.catch((error: Error) =>
        options.logger.error({ relayId: options.relayId, reason: error.message }, 'relay stopped'),
      );
    },
    async stop() {
      await subscription?.stop();
      await producer?.disconnect();
    },
  };
}
