import type { RecordedEvent } from '@billing/event-store';
import {
  followerRegistry,
  type FollowerHandle,
  type FollowerRegistry,
} from '../followers/follower-registry';
import type { MessagingLogger } from '../logger';
import { relayBatchSizeMax, type EventPublisher } from '../relay/event-publisher.port';
import { InMemoryInbox, type InProcessInbox } from './in-process-inbox';
import { errorReason } from '@billing/kernel';

export interface InProcessSubscriber {
  /** Plays the role of a Kafka consumer group: ids are de-duplicated per group. */
  groupId: string;
  handle: (event: RecordedEvent) => Promise<void>;
}

export interface DeadLetter {
  groupId: string;
  event: RecordedEvent;
  reason: string;
}

export interface InProcessBusOptions {
  logger: MessagingLogger;
  inbox?: InProcessInbox;
  /** Retries after a handler's first failure before the event is dead-lettered. Default 2. */
  retryCountMax?: number;
  /** Upper bound of publishes waiting for delivery; more are refused. Default 100. */
  pendingPublishCountMax?: number;
  /** Called for each event a subscriber gave up on; the bus then goes on with the next. */
  onDeadLetter?: (deadLetter: DeadLetter) => void;
  /** Where each subscriber reports its state, as a consumer; default the process's registry. */
  followers?: FollowerRegistry;
}

export interface InProcessBus extends EventPublisher {
  subscribe(subscriber: InProcessSubscriber): () => void;
}

/**
 * The publish/handle contract of the Kafka path, inside one process (the embedded run mode): each
 * subscriber receives the events in publish order, one at a time; an event id is recorded for a
 * subscriber once its handler resolved, and a repeated id is skipped. `publish` resolves when
 * every subscriber has handled (or dead-lettered) the batch, so a relay's checkpoint moves only
 * after delivery, as with Kafka acknowledgements.
 */
export function createInProcessBus(options: InProcessBusOptions): InProcessBus {
  const inbox = options.inbox ?? new InMemoryInbox();
  const retryCountMax = options.retryCountMax ?? 2;
  const pendingPublishCountMax = options.pendingPublishCountMax ?? 100;
  const subscribers = new Set<InProcessSubscriber>();
  const followers = new Map<InProcessSubscriber, FollowerHandle>();
  let tail: Promise<void> = Promise.resolve();
  let pendingPublishCount = 0;

  async function deliver(subscriber: InProcessSubscriber, event: RecordedEvent): Promise<void> {
    if (await inbox.isHandled(subscriber.groupId, event.eventId)) return;
    const follower = followers.get(subscriber);
    const at = {
      eventId: event.eventId,
      eventType: event.type,
      eventPosition: String(event.globalPosition),
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await subscriber.handle(event);
        await inbox.markHandled(subscriber.groupId, event.eventId);
        follower?.running(at.eventPosition);
        return;
      } catch (error) {
        const reason = errorReason(error);
        const fields = {
          groupId: subscriber.groupId,
          eventId: event.eventId,
          eventType: event.type,
          attempt,
          reason,
        };
        if (attempt > retryCountMax) {
          options.logger.error(fields, 'in-process event dead-lettered');
          options.onDeadLetter?.({ groupId: subscriber.groupId, event, reason });
          follower?.deadLettered(error, at);
          follower?.running();
          return;
        }
        follower?.retrying(error, attempt, at);
        options.logger.warn(fields, 'in-process handler failed, retrying');
      }
    }
  }

  async function deliverBatch(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      for (const subscriber of [...subscribers]) await deliver(subscriber, event);
    }
  }

  return {
    // Nothing to connect: the bus lives in this process.
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    subscribe(subscriber) {
      subscribers.add(subscriber);
      const follower = (options.followers ?? followerRegistry).register(
        subscriber.groupId,
        'consumer',
      );
      follower.running();
      followers.set(subscriber, follower);
      return () => {
        follower.close();
        followers.delete(subscriber);
        subscribers.delete(subscriber);
      };
    },
    publish(events) {
      if (events.length > relayBatchSizeMax)
        return Promise.reject(
          new Error(`Batch of ${events.length} events exceeds ${relayBatchSizeMax}`),
        );
      if (pendingPublishCount >= pendingPublishCountMax) {
        return Promise.reject(
          new Error(`In-process bus has ${pendingPublishCount} publishes pending; refusing more`),
        );
      }
      pendingPublishCount += 1;
      // Chained so that concurrent publishers still deliver one batch after the other, in order.
      const delivered = tail.then(() => deliverBatch(events));
      tail = delivered
        .catch(() => undefined)
        .finally(() => {
          pendingPublishCount -= 1;
        });
      return delivered;
    },
  };
}
