import type { RecordedEvent } from '@billing/event-store';
import type { Admin, Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { resolveKafka, type KafkaSource } from '../kafka/kafka-client';
import { fromKafkaMessage } from '../kafka/kafka-message';
import type { MessagingLogger } from '../logger';
import { deadLetterTopic as defaultDeadLetterTopic } from '../topics';
import {
  followerRegistry,
  pause,
  type FollowerHandle,
  type FollowerRegistry,
} from '../followers/follower-registry';
import { errorCodeOf, isDependencyUnavailable } from '../followers/dependency-errors';
import { faultPoint, redeliveryFault } from '../fault-point';
import { consumerGroupLag, topicEnds } from './consumer-lag';
import { toDeadLetterMessage } from './dead-letter';
import {
  assertInboxTableName,
  defaultInboxTable,
  recordBatchInInbox,
  recordInInbox,
  type InboxEntry,
} from './inbox';
import { defaultRetryBackoff, retryDelayMs, type RetryBackoff } from './retry-backoff';
import { errorReason } from '@billing/kernel';

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
  /**
   * Upper bound of waiting for the group to assign partitions; a session that does not join in
   * time is closed and opened again. Default 60 s.
   */
  joinTimeoutMs?: number;
  /** Backoff between sessions when Kafka is away; default 500 ms doubling up to 5 s. */
  reconnectBackoff?: RetryBackoff;
  /** Where the consumer reports its state; default the process's registry. */
  followers?: FollowerRegistry;
  /**
   * Applies one event's effect with `tx`, an open transaction; it must not commit or roll back.
   * Throwing rolls the effect back and retries.
   */
  handle: (event: RecordedEvent, tx: PoolClient) => Promise<void>;
  logger: MessagingLogger;
};

export interface IdempotentConsumer {
  /**
   * Connects, subscribes and resolves once the group has assigned this member its partitions, or
   * once the first attempt failed (Kafka away): the consumer then keeps trying in the background,
   * forever, with capped jittered backoff, and reports itself as retrying.
   */
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

/** Messages of one partition handled in one transaction at most (the fast path). */
const runSizeMax = 100;

/** A run's transaction: committed, or rolled back, naming the event whose effect failed if one did. */
interface RunOutcome {
  handled: boolean;
  failed?: { eventId: string; error: unknown };
}

/** Heartbeats while waiting out a retry delay, so a long backoff does not cost the partitions. */
const heartbeatEveryMs = 1_000;

/** Between two sessions, and between retries while a dependency is away: capped, never given up. */
const reconnectBackoffDefault: RetryBackoff = { delayInitialMs: 500, delayMaxMs: 5_000 };

/**
 * Group timing. A member that died without leaving (SIGKILL, a host gone) holds its partitions
 * until the broker misses its heartbeats for `sessionTimeout`: 15 s, not kafkajs' 30 s, so a
 * survivor takes over within about 20 s. A live member heartbeats every second, also between the
 * events of a batch, so a slow batch does not cost it the group; and it waits at most 1 s for a
 * fetch, so a rebalance is not held up by a member parked in a long poll.
 */
export const consumerGroupTiming = {
  sessionTimeout: 15_000,
  rebalanceTimeout: 30_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 1_000,
} as const;

/**
 * A Kafka consumer that applies each event's effect exactly once per consumer group: the event id
 * goes into the inbox in the handler's own PostgreSQL transaction, and the offset is committed
 * only after that transaction. A run of up to 100 messages of one partition shares one short
 * transaction (one commit, one WAL flush); when anything in the run fails, it is rolled back
 * and the run is handled one message per transaction. Redeliveries (rebalances, crashes, duplicate records) find the id
 * and are skipped. A message that still fails after `retryCountMax` retries goes to the
 * dead-letter topic, and the partition moves on; a failure because a dependency is away (the
 * database restarting) is retried forever instead, so an outage never dead-letters anything.
 * When kafkajs gives up on its session (a broker away longer than its retries), the consumer opens
 * a new one after a capped, jittered pause, forever: it never stops on its own.
 */
export function createIdempotentConsumer(options: IdempotentConsumerOptions): IdempotentConsumer {
  if (!Number.isInteger(options.retryCountMax) || options.retryCountMax < 0) {
    throw new Error(`retryCountMax must be a non-negative integer, got ${options.retryCountMax}`);
  }
  const inboxTable = assertInboxTableName(options.inboxTable ?? defaultInboxTable);
  const dlqTopic = options.deadLetterTopic ?? defaultDeadLetterTopic;
  const backoff = options.retryBackoff ?? defaultRetryBackoff;
  const reconnectBackoff = options.reconnectBackoff ?? reconnectBackoffDefault;
  const { groupId, logger } = options;
  const kafkaGroupId = options.kafkaGroupId ?? groupId;
  const kafka = resolveKafka(options, `consumer-${groupId}`);
  let session: Session | undefined;
  let supervisor: Promise<void> | undefined;
  let stopping = false;
  let markStopped!: () => void;
  let stopped = new Promise<void>((resolve) => (markStopped = resolve));
  let follower: FollowerHandle | undefined;

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

  /**
   * The fast path: a run of one partition's messages in one short transaction (their inbox rows in
   * one statement, each new event's effect, one COMMIT: one WAL flush for the run instead of one per
   * message). Returns what failed, having committed nothing, when a message is not an event or an
   * effect fails; the caller then takes the run one message at a time, with retries and
   * dead-lettering, counting this try as the failed message's first attempt.
   */
  async function handleRunInTransaction(
    payload: EachBatchPayload,
    messages: KafkaMessage[],
    beats: Heartbeats,
  ): Promise<RunOutcome> {
    const { topic, partition } = payload.batch;
    const events: RecordedEvent[] = [];
    const entries: InboxEntry[] = [];
    for (const message of messages) {
      try {
        const event = fromKafkaMessage(message);
        events.push(event);
        entries.push({
          consumerGroup: groupId,
          eventId: event.eventId,
          topic,
          partition,
          offset: message.offset,
        });
      } catch {
        return { handled: false };
      }
    }
    const client = await options.pool.connect().catch(() => undefined);
    if (!client) return { handled: false };
    let broken: Error | undefined;
    let handling: RecordedEvent | undefined;
    try {
      await client.query('BEGIN');
      const fresh = await recordBatchInInbox(client, inboxTable, entries);
      for (const event of events) {
        if (!fresh.delete(event.eventId)) continue; // recorded before, or twice in this run
        handling = event;
        await options.handle(event, client);
        handling = undefined;
        // Between events, so a slow run keeps the membership; started, never awaited here: a
        // transaction that may hold the append marker must not wait on the network (it would
        // hold back every relay's safe horizon). The caller awaits it after the commit.
        beats.beat();
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable; the pool must drop it
      });
      return handling
        ? { handled: false, failed: { eventId: handling.eventId, error } }
        : { handled: false };
    } finally {
      client.release(broken);
    }
    const last = messages[messages.length - 1]!;
    follower?.running(`${topic}/${partition}@${last.offset}`);
    logger.info(
      { consumerGroup: groupId, topic, partition, offset: last.offset, eventCount: events.length },
      'events handled',
    );
    return { handled: true };
  }

  async function sendToDeadLetter(
    producer: Producer,
    source: { topic: string; partition: number; message: KafkaMessage },
    error: unknown,
    reason: string,
    attemptCount: number,
  ) {
    const { topic, partition, message } = source;
    const record = toDeadLetterMessage(message, {
      topic,
      partition,
      offset: message.offset,
      consumerGroup: groupId,
      attemptCount,
      failedAt: new Date().toISOString(),
      reason,
    });
    // One awaited send at a time (see toolchain notes: overlapping kafkajs sends can lose records).
    await producer.send({ topic: dlqTopic, acks: -1, messages: [record] });
    follower?.deadLettered(error, { eventPosition: `${topic}/${partition}@${message.offset}` });
    logger.error(
      {
        consumerGroup: groupId,
        topic,
        partition,
        offset: message.offset,
        attemptCount,
        errorCode: errorCodeOf(error),
        deadLetterTopic: dlqTopic,
      },
      'message sent to dead-letter topic',
    );
  }

  /** Returns false when the consumer stopped before the message was settled (not handled, not dead-lettered). */
  async function processMessage(
    producer: Producer,
    payload: EachBatchPayload,
    message: KafkaMessage,
    earlier?: RunOutcome['failed'],
  ): Promise<boolean> {
    const { topic, partition } = payload.batch;
    const source = { topic, partition, message };
    let event: RecordedEvent;
    try {
      event = fromKafkaMessage(message);
    } catch (error) {
      // Retrying cannot fix a message that is not an event.
      await sendToDeadLetter(producer, source, error, (error as Error).message, 0);
      return true;
    }
    const entry: InboxEntry = {
      consumerGroup: groupId,
      eventId: event.eventId,
      topic,
      partition,
      offset: message.offset,
    };
    const at = {
      eventId: event.eventId,
      eventType: event.type,
      eventPosition: `${topic}/${partition}@${message.offset}`,
    };
    // A failure of this event in the run's transaction was its first attempt.
    const tried = earlier?.eventId === event.eventId ? earlier : undefined;
    const failedBefore = tried && !isDependencyUnavailable(tried.error) ? 1 : 0;
    for (let attempt = tried ? 2 : 1, failedCount = failedBefore; ; attempt += 1) {
      try {
        const isNew = await handleInTransaction(event, entry);
        await faultPoint('consumer.after-commit');
        follower?.running(at.eventPosition);
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
        // A dependency away is no fault of the message: retry it forever, never dead-letter it.
        const away = isDependencyUnavailable(error);
        if (!away) failedCount += 1;
        if (!away && failedCount > options.retryCountMax) {
          const reason = errorReason(error);
          await sendToDeadLetter(producer, source, error, reason, attempt);
          return true;
        }
        const delayMs = retryDelayMs(attempt, away ? reconnectBackoff : backoff);
        follower?.retrying(error, attempt, at);
        logger.warn(
          {
            consumerGroup: groupId,
            topic,
            partition,
            offset: message.offset,
            eventId: event.eventId,
            attempt,
            delayMs,
            errorCode: errorCodeOf(error),
            dependencyUnavailable: away,
          },
          'event handler failed, retrying',
        );
        if (!(await waitHeartbeating(payload, delayMs))) return false;
      }
    }
  }

  /**
   * The FAULT_REDELIVER fault: a handled run's offsets are not resolved and the partition is sought
   * back to the run's first message, so Kafka delivers the run again (its inbox rows skip it).
   */
  function handBackForRedelivery(consumer: Consumer, payload: EachBatchPayload, first: string) {
    const { topic, partition } = payload.batch;
    consumer.seek({ topic, partition, offset: first });
    logger.warn(
      { consumerGroup: groupId, topic, partition, offset: first },
      'fault: handled run handed back for redelivery',
    );
  }

  const eachBatchOf =
    (producer: Producer, consumer: Consumer) =>
    async (payload: EachBatchPayload): Promise<void> => {
      const { messages } = payload.batch;
      for (let start = 0; start < messages.length; start += runSizeMax) {
        if (!payload.isRunning() || payload.isStale()) return;
        const run = messages.slice(start, start + runSizeMax);
        const beats = heartbeats(payload);
        const outcome = await handleRunInTransaction(payload, run, beats);
        if (outcome.handled && redeliveryFault()) {
          await beats.settled();
          return handBackForRedelivery(consumer, payload, run[0]!.offset);
        }
        if (outcome.handled) payload.resolveOffset(run[run.length - 1]!.offset);
        await beats.settled(); // a rebalance seen by a heartbeat ends the batch here (kafkajs rejoins)
        if (outcome.handled) {
          await payload.commitOffsetsIfNecessary();
          await payload.heartbeat();
          continue;
        }
        // Something in the run failed: one message at a time, each with its retries.
        for (const message of run) {
          if (!payload.isRunning() || payload.isStale()) return;
          const settled = await processMessage(producer, payload, message, outcome.failed);
          if (!settled) return;
          payload.resolveOffset(message.offset);
          await payload.commitOffsetsIfNecessary();
          await payload.heartbeat();
        }
      }
    };

  /** One kafkajs session: producer, group consumer and admin, until kafkajs gives up on it. */
  async function openSession(): Promise<Session> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({
      groupId: kafkaGroupId,
      allowAutoTopicCreation: false,
      ...consumerGroupTiming,
      // A retriable crash is restarted by kafkajs itself; the rest end the session (see below).
      retry: { restartOnFailure: async () => true },
    });
    const admin = kafka.admin();
    const opened: Session = { producer, consumer, admin, ...sessionSignals(consumer) };
    session = opened;
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({
      topics: options.topics,
      fromBeginning: options.fromBeginning ?? true,
    });
    await admin.connect();
    await consumer.run({
      eachBatchAutoResolve: false,
      // Offsets are resolved only after the transaction commits; committing them in groups of
      // up to 100 (or every second) keeps redelivery after a crash small and bounded.
      autoCommitThreshold: 100,
      autoCommitInterval: 1_000,
      eachBatch: eachBatchOf(producer, consumer),
    });
    return opened;
  }

  function sessionSignals(consumer: Consumer): Pick<Session, 'joined' | 'ended'> {
    let join!: () => void;
    let end!: (error: Error) => void;
    const joined = new Promise<void>((resolve) => (join = resolve));
    const ended = new Promise<Error>((resolve) => (end = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      follower?.running();
      join();
    });
    consumer.on(consumer.events.CRASH, (e) => {
      // Not ready until the group is joined again, whoever restarts the session.
      follower?.retrying(e.payload.error, 1);
      if (e.payload.restart) {
        logger.warn(
          { consumerGroup: groupId, errorCode: errorCodeOf(e.payload.error) },
          'consumer crashed, kafkajs restarts it',
        );
        return;
      }
      end(e.payload.error);
    });
    return { joined, ended };
  }

  /** Opens sessions until stopped; `onFirst` learns whether the first one joined. */
  async function supervise(onFirst: () => void): Promise<void> {
    for (let attempt = 1; !stopping;) {
      try {
        const opened = await openSession();
        await joinedWithin(opened, options.joinTimeoutMs ?? 60_000);
        follower?.running();
        logger.info({ consumerGroup: groupId, topics: options.topics }, 'consumer started');
        onFirst();
        attempt = 1;
        const error = await Promise.race([opened.ended, stopped.then(() => undefined)]);
        if (error === undefined) return;
        throw error;
      } catch (error) {
        onFirst();
        if (stopping) return;
        const delayMs = retryDelayMs(attempt, reconnectBackoff);
        follower?.retrying(error, attempt);
        logger.warn(
          { consumerGroup: groupId, attempt, delayMs, errorCode: errorCodeOf(error) },
          'consumer session ended, reconnecting',
        );
        await closeSession();
        attempt += 1;
        await pause(delayMs, stopped);
      }
    }
  }

  async function closeSession(): Promise<void> {
    const closing = session;
    session = undefined;
    if (!closing) return;
    // Each part is closed even when another refuses (a broker away makes disconnects fail).
    await closing.consumer.disconnect().catch(() => undefined);
    await closing.producer.disconnect().catch(() => undefined);
    await closing.admin.disconnect().catch(() => undefined);
  }

  async function lag() {
    const admin = session?.admin;
    if (!admin) return null;
    const behind = await consumerGroupLag(
      admin,
      kafkaGroupId,
      await topicEnds(admin, options.topics),
    );
    const count = behind.reduce(
      (sum, p) => sum + Number(BigInt(p.end) - BigInt(p.committed === '-1' ? '0' : p.committed)),
      0,
    );
    return { count, capped: false };
  }

  return {
    async start() {
      if (supervisor) throw new Error(`Consumer ${groupId} already started`);
      stopping = false;
      stopped = new Promise<void>((resolve) => (markStopped = resolve));
      follower = (options.followers ?? followerRegistry).register(groupId, 'consumer', { lag });
      let first!: () => void;
      const firstOutcome = new Promise<void>((resolve) => (first = resolve));
      supervisor = supervise(first);
      await firstOutcome;
    },
    async stop() {
      stopping = true;
      markStopped();
      await supervisor;
      await closeSession();
      supervisor = undefined;
      follower?.close();
      follower = undefined;
      logger.info({ consumerGroup: groupId }, 'consumer stopped');
    },
    async caughtUp({ timeoutMs = caughtUpTimeoutMsDefault } = {}) {
      if (!supervisor) throw new Error(`Consumer ${groupId} is not started`);
      const deadline = Date.now() + timeoutMs;
      let ends: Awaited<ReturnType<typeof topicEnds>> | undefined;
      for (;;) {
        try {
          const admin = session?.admin;
          if (admin) {
            // The ends as they were at the first answer: messages published later are not waited for.
            ends ??= await topicEnds(admin, options.topics);
            const behind = await consumerGroupLag(admin, kafkaGroupId, ends);
            if (behind.length === 0) return;
            if (Date.now() > deadline)
              throw new Error(
                `Consumer ${groupId} is still behind after ${timeoutMs} ms: ${JSON.stringify(behind)}`,
              );
          }
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
        if (Date.now() > deadline) throw new Error(`Consumer ${groupId} has no session with Kafka`);
        await new Promise((resolve) => setTimeout(resolve, caughtUpPollMs));
      }
    },
  };
}

interface Session {
  producer: Producer;
  consumer: Consumer;
  admin: Admin;
  /** Resolves once the group assigned this member its partitions. */
  joined: Promise<void>;
  /** Resolves with the error when kafkajs gives up on the session (it will not restart it). */
  ended: Promise<Error>;
}

async function joinedWithin(session: Session, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      session.joined,
      session.ended.then((error) => Promise.reject(error)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('did not join its group in time')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Heartbeats started without waiting for them, one at a time; `settled` rethrows a failure. */
interface Heartbeats {
  beat(): void;
  settled(): Promise<void>;
}

function heartbeats(payload: EachBatchPayload): Heartbeats {
  let pending: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  return {
    beat() {
      if (pending || failure) return;
      pending = payload
        .heartbeat()
        .catch((error: unknown) => void (failure = { error }))
        .finally(() => (pending = undefined));
    },
    async settled() {
      await pending;
      if (failure) throw failure.error;
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
