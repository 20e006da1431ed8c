import type { RecordedEvent } from '@billing/event-store';
import type { Admin, Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { resolveKafka, type KafkaSource } from '../kafka/kafka-client';
import { fromKafkaMessage } from '../kafka/kafka-message';
import type { MessagingLogger } from '../logger';
import { deadLetterTopic as defaultDeadLetterTopic } from '../topics';
import { faultPoint } from '../fault-point';
import { consumerGroupLag, topicEnds } from './consumer-lag';
import { toDeadLetterMessage } from './dead-letter';
import { assertInboxTableName, defaultInboxTable, recordInInbox, type InboxEntry } from './inbox';
import { defaultRetryBackoff, retryDelayMs, type RetryBackoff } from './retry-backoff';

export type IdempotentConsumerOptions = KafkaSource & {
  /** The consumer's name: its inbox rows and, unless `kafkaGroupId` is given, its Kafka group. */
  groupId: string;
  /**
   * The Kafka consumer group when it must differ from the inbox name, e.g. suffixed per
   * environment so two test runs on one broker never share a group.
   */
  kafkaGroupId?: string;
  topics: string[];
  /** PostgreSQL pool; the handler's effect and the inbox row share one of its transactions. */
  pool: Pool;
  /** Default `messaging.inbox` (see `messagingMigrations`). */
  inboxTable?: string;
  /** Retries after the first failed attempt before the message goes to the dead-letter topic. */
  retryCountMax: number;
  retryBackoff?: RetryBackoff;
  /** Default `billing.dlq.v1`. */
  deadLetterTopic?: string;
  /** Where a group with no committed offset starts. Default true: a new consumer sees all history. */
  fromBeginning?: boolean;
  /** Upper bound of waiting for the group to assign partitions on start. Default 60 s. */
  joinTimeoutMs?: number;
  /**
   * Applies one event's effect with `tx`, an open transaction; it must not commit or roll back.
   * Throwing rolls the effect back and retries.
   */
  handle: (event: RecordedEvent, tx: PoolClient) => Promise<void>;
  logger: MessagingLogger;
};

export interface IdempotentConsumer {
  /** Connects, subscribes and resolves once the group has assigned this member its partitions. */
  start(): Promise<void>;
  /** Finishes the message in hand, commits what was handled and leaves the group. */
  stop(): Promise<void>;
  /**
   * Resolves once the group has handled (or dead-lettered) and committed every message its topics
   * held at the call; a readiness signal for tests and operators, whichever member holds which
   * partition. Rejects after `timeoutMs` (default 60 s) naming the partitions still behind.
   */
  caughtUp(options?: { timeoutMs?: number }): Promise<void>;
}

/** How often caughtUp() asks the broker for the group's committed offsets. */
const caughtUpPollMs = 50;
const caughtUpTimeoutMsDefault = 60_000;

/** Heartbeats while waiting out a retry delay, so a long backoff does not cost the partitions. */
const heartbeatEveryMs = 1_000;

/**
 * A Kafka consumer that applies each event's effect exactly once per consumer group: the event id
 * goes into the inbox in the handler's own PostgreSQL transaction, and the offset is committed
 * only after that transaction. Redeliveries (rebalances, crashes, duplicate records) find the id
 * and are skipped. A message that still fails after `retryCountMax` retries goes to the
 * dead-letter topic, and the partition moves on.
 */
export function createIdempotentConsumer(options: IdempotentConsumerOptions): IdempotentConsumer {
  if (!Number.isInteger(options.retryCountMax) || options.retryCountMax < 0) {
    throw new Error(`retryCountMax must be a non-negative integer, got ${options.retryCountMax}`);
  }
  const inboxTable = assertInboxTableName(options.inboxTable ?? defaultInboxTable);
  const dlqTopic = options.deadLetterTopic ?? defaultDeadLetterTopic;
  const backoff = options.retryBackoff ?? defaultRetryBackoff;
  const { groupId, logger } = options;
  const kafka = resolveKafka(options, `consumer-${groupId}`);
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let admin: Admin | undefined;

  async function handleInTransaction(event: RecordedEvent, entry: InboxEntry): Promise<boolean> {
    const client = await options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const isNew = await recordInInbox(client, inboxTable, entry);
      if (isNew) await options.handle(event, client);
      await faultPoint('consumer.after-effect');
      await client.query('COMMIT');
      return isNew;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable; the pool must drop it
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async function sendToDeadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
    attemptCount: number,
  ) {
    const record = toDeadLetterMessage(message, {
      topic,
      partition,
      offset: message.offset,
      consumerGroup: groupId,
      attemptCount,
      failedAt: new Date().toISOString(),
      reason,
    });
    if (!producer) throw new Error(`Consumer ${groupId} is stopped`);
    // One awaited send at a time (see toolchain notes: overlapping kafkajs sends can lose records).
    await producer.send({ topic: dlqTopic, acks: -1, messages: [record] });
    logger.error(
      {
        consumerGroup: groupId,
        topic,
        partition,
        offset: message.offset,
        attemptCount,
        reason,
        deadLetterTopic: dlqTopic,
      },
      'message sent to dead-letter topic',
    );
  }

  /** Returns false when the consumer stopped before the message was settled (not handled, not dead-lettered). */
  async function processMessage(
    payload: EachBatchPayload,
    message: KafkaMessage,
  ): Promise<boolean> {
    const { topic, partition } = payload.batch;
    let event: RecordedEvent;
    try {
      event = fromKafkaMessage(message);
    } catch (error) {
      // Retrying cannot fix a message that is not an event.
      await sendToDeadLetter(topic, partition, message, (error as Error).message, 0);
      return true;
    }
    const entry: InboxEntry = {
      consumerGroup: groupId,
      eventId: event.eventId,
      topic,
      partition,
      offset: message.offset,
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const isNew = await handleInTransaction(event, entry);
        await faultPoint('consumer.after-commit');
        logger.info(
          {
            consumerGroup: groupId,
            topic,
            partition,
            offset: message.offset,
            eventId: event.eventId,
            eventType: event.type,
            duplicate: !isNew,
          },
          isNew ? 'event handled' : 'event already handled, skipped',
        );
        return true;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt > options.retryCountMax) {
          await sendToDeadLetter(topic, partition, message, reason, attempt);
          return true;
        }
        const delayMs = retryDelayMs(attempt, backoff);
        logger.warn(
          {
            consumerGroup: groupId,
            topic,
            partition,
            offset: message.offset,
            eventId: event.eventId,
            attempt,
            delayMs,
            reason,
          },
          'event handler failed, retrying',
        );
        if (!(await waitHeartbeating(payload, delayMs))) return false;
      }
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    for (const message of payload.batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      const settled = await processMessage(payload, message);
      if (!settled) return;
      payload.resolveOffset(message.offset);
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
    }
  }

  return {
    async start() {
      if (consumer) throw new Error(`Consumer ${groupId} already started`);
      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      const groupConsumer = kafka.consumer({
        groupId: options.kafkaGroupId ?? groupId,
        allowAutoTopicCreation: false,
      });
      consumer = groupConsumer;
      const joined = new Promise<void>((resolve, reject) => {
        groupConsumer.on(groupConsumer.events.GROUP_JOIN, () => resolve());
        groupConsumer.on(groupConsumer.events.CRASH, (e) => {
          // A retriable crash (a just-booted broker whose group coordinator is still loading, a
          // rebalance in progress) is restarted by kafkajs itself: only a final one fails start().
          if (e.payload.restart) {
            logger.warn(
              { consumerGroup: groupId, reason: e.payload.error.message },
              'consumer crashed while joining, kafkajs restarts it',
            );
            return;
          }
          reject(e.payload.error);
        });
        setTimeout(
          () => reject(new Error(`Consumer ${groupId} did not join its group in time`)),
          options.joinTimeoutMs ?? 60_000,
        ).unref();
      });
      joined.catch(() => undefined); // settled by `await joined` below; never an unhandled rejection
      await producer.connect();
      await groupConsumer.connect();
      await groupConsumer.subscribe({
        topics: options.topics,
        fromBeginning: options.fromBeginning ?? true,
      });
      admin = kafka.admin();
      await admin.connect();
      await groupConsumer.run({
        eachBatchAutoResolve: false,
        // Offsets are resolved only after the transaction commits; committing them in groups of
        // up to 100 (or every second) keeps redelivery after a crash small and bounded.
        autoCommitThreshold: 100,
        autoCommitInterval: 1_000,
        eachBatch,
      });
      await joined;
      logger.info({ consumerGroup: groupId, topics: options.topics }, 'consumer started');
    },
    async stop() {
      await consumer?.disconnect();
      await producer?.disconnect();
      await admin?.disconnect();
      consumer = undefined;
      producer = undefined;
      admin = undefined;
      logger.info({ consumerGroup: groupId }, 'consumer stopped');
    },
    async caughtUp({ timeoutMs = caughtUpTimeoutMsDefault } = {}) {
      const client = admin;
      if (!client) throw new Error(`Consumer ${groupId} is not started`);
      const kafkaGroupId = options.kafkaGroupId ?? groupId;
      // The ends as they are now: messages published later are not waited for.
      const ends = await topicEnds(client, options.topics);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const behind = await consumerGroupLag(client, kafkaGroupId, ends);
        if (behind.length === 0) return;
        if (Date.now() > deadline)
          throw new Error(
            `Consumer ${groupId} is still behind after ${timeoutMs} ms: ${JSON.stringify(behind)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, caughtUpPollMs));
      }
    },
  };
}

async function waitHeartbeating(payload: EachBatchPayload, delayMs: number): Promise<boolean> {
  let remainingMs = delayMs;
  while (remainingMs > 0) {
    const stepMs = Math.min(remainingMs, heartbeatEveryMs);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    remainingMs -= stepMs;
    if (!payload.isRunning() || payload.isStale()) return false;
    await payload.heartbeat();
  }
  return true;
}
