import {
  CheckpointConflict,
  saveCheckpointWith,
  loadCheckpointWith,
  START,
  type EventFilter,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
  type Subscription,
} from '@billing/event-store';
import {
  countEventsAfter,
  followerRegistry,
  isDependencyUnavailable,
  pause,
  retryDelayMs,
  type FollowerHandle,
  type FollowerRegistry,
  type RetryBackoff,
} from '@billing/messaging';
import type { TransactionRunner } from './transaction-runner.port';

/**
 * A read model fed from the store's safe global order. `apply` writes with `db`, the open
 * transaction that also moves the checkpoint, so a crash never applies an event twice or skips one.
 */
export interface Projection {
  /** Names the checkpoint; change it to rebuild from the start. */
  name: string;
  filter?: EventFilter;
  apply(event: RecordedEvent, db: SqlExecutor): Promise<void>;
  /**
   * Optional: the whole batch at once, folded in memory and written in few statements (one
   * multi-row INSERT instead of one per event), so the batch's transaction stays short. It must
   * leave the same rows as `apply` on each event in order. The first attempt of a batch uses it; a
   * retry goes event by event, so a failure names the event it is stuck at.
   */
  applyBatch?(events: RecordedEvent[], db: SqlExecutor): Promise<void>;
}

export interface RunningProjection {
  /**
   * Resolves once every event committed before the call is applied. Rejects at once while the
   * projection is stuck (it will not catch up until an operator resumes it).
   */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when stopped. A failure never ends a projection: it retries, or waits stuck. */
  done: Promise<void>;
}

export interface ProjectionRunOptions {
  /** Retries of a batch whose events fail (not a dependency away) before the projection is stuck. */
  retryCountMax?: number;
  retryBackoff?: RetryBackoff;
  /** Where the projection reports its state; default the process's registry. */
  followers?: FollowerRegistry;
}

/** Events handed to one transaction at most. */
const batchSizeMax = 100;
const retryCountMaxDefault = 3;
const backoffDefault: RetryBackoff = { delayInitialMs: 200, delayMaxMs: 5_000 };
const caughtUpRetryMs = 50;

/** The event a batch failed on, carried out of the transaction for the report. */
class ApplyFailed extends Error {
  constructor(
    readonly event: RecordedEvent | undefined,
    override readonly cause: unknown,
  ) {
    super('apply failed');
  }
}

/**
 * Runs `projection` until stopped. A batch that fails is rolled back and retried: forever, with
 * capped jittered backoff, while a dependency is away (the database restarting); `retryCountMax`
 * times when the events themselves fail, after which the projection is stuck at that event. It
 * never skips it: it waits, reported as not ready, until an operator resumes it after a fix. A
 * failed read or a moved checkpoint restarts the subscription from the stored checkpoint.
 */
export function startProjection(
  store: EventStore,
  tx: TransactionRunner,
  db: SqlExecutor,
  projection: Projection,
  options: ProjectionRunOptions = {},
): RunningProjection {
  const retryCountMax = options.retryCountMax ?? retryCountMaxDefault;
  const backoff = options.retryBackoff ?? backoffDefault;
  let position: string | undefined;
  let stopping = false;
  let subscription: Subscription;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const follower: FollowerHandle = (options.followers ?? followerRegistry).register(
    projection.name,
    'projection',
    { lag: () => countEventsAfter(store, position ?? START, projection.filter) },
  );

  const applyBatch = async (
    events: RecordedEvent[],
    checkpoint: string,
    whole: boolean,
  ): Promise<void> => {
    await tx.run(async (t) => {
      const expected = position ?? (await loadCheckpointWith(t, projection.name));
      let current: RecordedEvent | undefined;
      try {
        if (whole && projection.applyBatch) await projection.applyBatch(events, t);
        else
          for (const event of events) {
            current = event;
            await projection.apply(event, t);
          }
      } catch (error) {
        throw new ApplyFailed(current, error);
      }
      await saveCheckpointWith(t, projection.name, expected, checkpoint);
    });
    position = checkpoint;
  };

  const handle = async (events: RecordedEvent[], checkpoint: string): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await applyBatch(events, checkpoint, attempt === 1);
        follower.running(checkpoint);
        return;
      } catch (error) {
        // A moved checkpoint (another instance) or a stop: restart from what is stored.
        if (stopping || error instanceof CheckpointConflict) throw error;
        const cause = error instanceof ApplyFailed ? error.cause : error;
        const at = error instanceof ApplyFailed && error.event ? failedAt(error.event) : {};
        if (isDependencyUnavailable(cause) || attempt <= retryCountMax) {
          follower.retrying(cause, attempt, at);
          await pause(retryDelayMs(attempt, backoff), stopped);
          continue;
        }
        if (!(await follower.stuck(cause, attempt, at))) throw cause;
        attempt = 0; // resumed by an operator: a fresh round of retries
      }
    }
  };

  const run = (restartCount: number): void => {
    subscription = store.subscribe({
      subscriptionId: projection.name,
      batchSizeMax,
      ...(projection.filter ? { filter: projection.filter } : {}),
      loadCheckpoint: async () => {
        position = await loadCheckpointWith(db, projection.name);
        follower.running(position);
        return position;
      },
      handle,
    });
    subscription.done.then(markStopped, (error: unknown) => {
      if (stopping) return markStopped();
      position = undefined;
      follower.retrying(error, restartCount + 1);
      void pause(retryDelayMs(restartCount + 1, backoff), stopped).then(() => {
        if (!stopping) run(restartCount + 1);
      });
    });
  };
  run(0);

  return {
    caughtUp: async () => {
      for (;;) {
        if (follower.isStuck())
          throw new Error(`Projection ${projection.name} is stuck; see the followers query`);
        const current = subscription;
        try {
          await current.caughtUp();
          return;
        } catch (error) {
          if (stopping) throw error;
          await pause(caughtUpRetryMs); // restarting: ask its successor
        }
      }
    },
    stop: async () => {
      stopping = true;
      follower.close();
      markStopped();
      await subscription.stop();
    },
    done: stopped,
  };
}

function failedAt(event: RecordedEvent) {
  return {
    eventId: event.eventId,
    eventType: event.type,
    eventPosition: String(event.globalPosition),
  };
}

/** Waits for `running` to catch up, but never longer than `timeoutMs` (reads may then be stale). */
export async function caughtUpWithin(
  running: Pick<RunningProjection, 'caughtUp'>,
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    // A stopped read model must not fail a command that was already appended: the read is stale.
    running.caughtUp().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  if (timer) clearTimeout(timer);
}
