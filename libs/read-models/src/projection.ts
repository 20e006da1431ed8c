import {
  saveCheckpointWith,
  loadCheckpointWith,
  type EventFilter,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
  type Subscription,
} from '@billing/event-store';
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
}

export interface RunningProjection {
  /** Resolves once every event committed before the call is applied. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
  done: Promise<void>;
}

/** Events handed to one transaction at most. */
const batchSizeMax = 100;

export function startProjection(
  store: EventStore,
  tx: TransactionRunner,
  db: SqlExecutor,
  projection: Projection,
): RunningProjection {
  let position: string | undefined;
  const subscription: Subscription = store.subscribe({
    subscriptionId: projection.name,
    batchSizeMax,
    ...(projection.filter ? { filter: projection.filter } : {}),
    loadCheckpoint: async () => {
      position = await loadCheckpointWith(db, projection.name);
      return position;
    },
    handle: async (events, checkpoint) => {
      await tx.run(async (t) => {
        const expected = position ?? (await loadCheckpointWith(t, projection.name));
        for (const event of events) await projection.apply(event, t);
        await saveCheckpointWith(t, projection.name, expected, checkpoint);
      });
      position = checkpoint;
    },
  });
  return {
    caughtUp: () => subscription.caughtUp(),
    stop: () => subscription.stop(),
    done: subscription.done,
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
