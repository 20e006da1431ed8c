import type { RecordedEvent } from '../port/envelope';
import {
  START,
  type Checkpoint,
  type EventFilter,
  type PositionedEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../port/event-store.port';
import { WakeSignal } from './wake-signal';

/** What a store gives the shared catch-up loop. */
export interface CatchUpSource {
  /** One page in the safe global order, strictly after `after`. */
  readPage(after: Checkpoint, filter: EventFilter | undefined, maxCount: number): Promise<PositionedEvent[]>;
  loadCheckpoint(subscriptionId: string): Promise<Checkpoint>;
  /** Compare-and-set: fails when the stored checkpoint is not `expected`. */
  saveCheckpoint(subscriptionId: string, expected: Checkpoint, next: Checkpoint): Promise<void>;
  /** Registers a wake signal; returns the function that unregisters it. */
  watch(signal: WakeSignal): () => void;
}

export interface CatchUpTiming {
  /** Safety-net poll when no notification comes. */
  idlePollMs: number;
  /**
   * After a notification whose events are not yet visible in the safe order (an older transaction
   * is still open), re-read this soon, at most `notifiedRetryCountMax` times.
   */
  notifiedRetryMs: number;
  notifiedRetryCountMax: number;
}

export const batchSizeMaxDefault = 100;
export const batchSizeLimit = 1_000;

const defaultTiming: CatchUpTiming = { idlePollMs: 1_000, notifiedRetryMs: 20, notifiedRetryCountMax: 50 };

interface CaughtUpWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Catch up from the checkpoint, then follow live appends; shared by every adapter. */
export function startCatchUpSubscription(
  source: CatchUpSource,
  options: SubscriptionOptions,
  timing: CatchUpTiming = defaultTiming,
): Subscription {
  const batchSizeMax = Math.min(Math.max(options.batchSizeMax ?? batchSizeMaxDefault, 1), batchSizeLimit);
  const signal = new WakeSignal();
  const unwatch = source.watch(signal);
  let stopping = false;
  let finished = false;
  let waiters: CaughtUpWaiter[] = [];

  const loop = async (): Promise<void> => {
    let position: Checkpoint = options.loadCheckpoint
      ? await options.loadCheckpoint()
      : await source.loadCheckpoint(options.subscriptionId);
    let notifiedRetries = 0;
    while (!stopping) {
      const askedBeforeRead = waiters;
      waiters = [];
      const page = await source.readPage(position, options.filter, batchSizeMax);
      if (page.length > 0) {
        waiters = askedBeforeRead.concat(waiters);
        const next = page[page.length - 1]!.checkpoint;
        const events: RecordedEvent[] = page.map((p) => p.event);
        await options.handle(events, next);
        if (!options.loadCheckpoint) await source.saveCheckpoint(options.subscriptionId, position, next);
        position = next;
        notifiedRetries = 0;
        continue;
      }
      for (const waiter of askedBeforeRead) waiter.resolve();
      if (stopping) break;
      const retrySoon = notifiedRetries > 0 && notifiedRetries <= timing.notifiedRetryCountMax;
      const notified = await signal.wait(retrySoon ? timing.notifiedRetryMs : timing.idlePollMs);
      notifiedRetries = notified ? 1 : retrySoon ? notifiedRetries + 1 : 0;
    }
  };

  const done = loop().finally(() => {
    finished = true;
    unwatch();
  });
  done.then(
    () => rejectWaiters(new Error(`Subscription ${options.subscriptionId} stopped`)),
    (error: unknown) => rejectWaiters(error as Error),
  );
  function rejectWaiters(error: Error): void {
    const pending = waiters;
    waiters = [];
    for (const waiter of pending) waiter.reject(error);
  }

  return {
    done,
    stop: async () => {
      stopping = true;
      signal.notify();
      await done.catch(() => undefined);
    },
    caughtUp: () =>
      new Promise<void>((resolve, reject) => {
        if (stopping || finished) return reject(new Error(`Subscription ${options.subscriptionId} stopped`));
        waiters.push({ resolve, reject });
        signal.notify();
      }),
  };
}

export { START };
