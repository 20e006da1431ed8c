import type { EventStore, RecordedEvent, Subscription } from '@billing/event-store';
import { faultPoint } from '../fault-point';
import { errorCodeOf } from '../followers/dependency-errors';
import { countEventsAfter } from '../followers/follower-lag';
import {
  followerRegistry,
  pause,
  type FollowerHandle,
  type FollowerRegistry,
} from '../followers/follower-registry';
import { retryDelayMs, type RetryBackoff } from '../consumer/retry-backoff';
import { relayKafkaRetry, resolveKafka, type KafkaSource } from '../kafka/kafka-client';
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
  /** Pause between attempts while the broker is away; default 500 ms doubling up to 5 s. */
  reconnectBackoff?: RetryBackoff;
  /** Where the relay reports its state; default the process's registry. */
  followers?: FollowerRegistry;
  logger: MessagingLogger;
};

export interface Relay {
  /**
   * Starts following the store from the saved checkpoint. Resolves at once: connecting to the
   * broker happens in the background, retried forever, so a service starts while Kafka is away.
   */
  start(): Promise<void>;
  /** Resolves once everything committed before the call has been published (waits for Kafka). */
  caughtUp(): Promise<void>;
  /** Resolves when stopped. A relay never stops on its own: it retries until Kafka is back. */
  done(): Promise<void>;
  stop(): Promise<void>;
}

const reconnectBackoffDefault: RetryBackoff = { delayInitialMs: 500, delayMaxMs: 5_000 };
const caughtUpRetryMs = 50;

/**
 * Follows the event store and publishes every event of the chosen categories, in the store's safe
 * global order: one batch is sent and acknowledged before the store saves the checkpoint after
 * it, and before the next batch is read. A crash between the acknowledgement and the checkpoint
 * resends that batch: delivery is at least once, and consumers de-duplicate by event id. When
 * Kafka refuses a batch or cannot be reached, the relay disconnects, waits (capped, jittered) and
 * resumes from its checkpoint, forever: order is kept because nothing after the failed batch was
 * published.
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
      : new KafkaEventPublisher(
          resolveKafka(options, `relay-${options.service}`, relayKafkaRetry),
          options.topic,
        );
  const backoff = options.reconnectBackoff ?? reconnectBackoffDefault;
  const filter = options.categories ? { categories: options.categories } : undefined;
  const { logger } = options;
  let subscription: Subscription | undefined;
  let supervisor: Promise<void> | undefined;
  let follower: FollowerHandle | undefined;
  let position: string | undefined;
  let publishedCount = 0;
  let stopping = false;
  let markStopped!: () => void;
  let stopped = new Promise<void>((resolve) => (markStopped = resolve));

  const handle = async (events: RecordedEvent[], checkpoint: string): Promise<void> => {
    await publisher.publish(events);
    // Acknowledged but not checkpointed: a crash here resends the batch after a restart.
    await faultPoint('relay.after-publish');
    publishedCount += events.length;
    position = checkpoint;
    follower?.running(checkpoint);
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
  };

  /** Connects and follows until stopped; after any failure, waits and starts over. */
  async function supervise(): Promise<void> {
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await publisher.connect();
        if (stopping) break;
        const current = options.store.subscribe({
          subscriptionId,
          batchSizeMax,
          ...(filter ? { filter } : {}),
          handle,
        });
        subscription = current;
        follower?.running();
        logger.info(
          {
            subscriptionId,
            topic: options.topic,
            categories: options.categories ?? 'all',
            batchSizeMax,
          },
          'relay started',
        );
        attempt = 0;
        await Promise.race([current.done, stopped]);
        if (stopping) break;
        throw new Error('subscription ended');
      } catch (error) {
        if (stopping) break;
        const delayMs = retryDelayMs(Math.max(attempt, 1), backoff);
        follower?.retrying(error, Math.max(attempt, 1));
        logger.warn(
          {
            subscriptionId,
            topic: options.topic,
            publishedCount,
            delayMs,
            errorCode: errorCodeOf(error),
          },
          'relay cannot publish, retrying',
        );
        await subscription?.stop().catch(() => undefined);
        subscription = undefined;
        await publisher.disconnect().catch(() => undefined);
        await pause(delayMs, stopped);
      }
    }
  }

  return {
    async start() {
      if (supervisor) throw new Error(`Relay ${subscriptionId} already started`);
      stopping = false;
      stopped = new Promise<void>((resolve) => (markStopped = resolve));
      follower = (options.followers ?? followerRegistry).register(subscriptionId, 'relay', {
        lag: async () =>
          position === undefined ? null : countEventsAfter(options.store, position, filter),
      });
      supervisor = supervise();
    },
    async caughtUp() {
      if (!supervisor) throw new Error(`Relay ${subscriptionId} is not started`);
      for (;;) {
        const current = subscription;
        if (current) {
          try {
            await current.caughtUp();
            return;
          } catch (error) {
            if (stopping) throw error;
          }
        } else if (stopping) throw new Error(`Relay ${subscriptionId} stopped`);
        await pause(caughtUpRetryMs); // reconnecting: ask its successor
      }
    },
    done: () => supervisor ?? Promise.resolve(),
    async stop() {
      if (!supervisor) return;
      stopping = true;
      markStopped();
      await subscription?.stop();
      await supervisor;
      subscription = undefined;
      supervisor = undefined;
      follower?.close();
      follower = undefined;
      await publisher.disconnect().catch(() => undefined);
      logger.info({ subscriptionId, publishedCount }, 'relay stopped');
    },
  };
}
