import type { RecordedEvent } from '../port/envelope';
import {
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
  readPage(
    after: Checkpoint,
    filter: EventFilter | undefined,
    maxCount: number,
  ): Promise<PositionedEvent[]>;
  /**
   * Optional: `readPage` in two steps. The fetch resolves once the rows are in; decoding them
   * (parsing, building events) waits for `decode()`, so the loop can ask for the next page first
   * and the database prepares it while this process decodes the current one.
   */
  fetchPage?(
    after: Checkpoint,
    filter: EventFilter | undefined,
    maxCount: number,
  ): Promise<FetchedPage>;
  loadCheckpoint(subscriptionId: string): Promise<Checkpoint>;
  /** Compare-and-set: fails when the stored checkpoint is not `expected`. */
  saveCheckpoint(subscriptionId: string, expected: Checkpoint, next: Checkpoint): Promise<void>;
  /** Registers a wake signal; returns the function that unregisters it. */
  watch(signal: WakeSignal): () => void;
  /**
   * For stores whose reads lag commits (the SQL safe order): `head()` marks everything committed
   * so far, `settled()` everything a read started now will see. A caughtUp() waiter resolves on an
   * empty page read after `settled() >= head()`. Absent: every empty page means caught up.
   * When pages report the bound they were read under (`FetchedPage.horizon`), that bound is used
   * instead and `settled()` is not asked: a bound that can move back (ADR 0012) must be the read's own.
   */
  horizon?: { head(): Promise<bigint>; settled(): Promise<bigint>; reportedByPages?: boolean };
}

/** A page whose rows are fetched but not yet decoded. */
export interface FetchedPage {
  size: number;
  /** The checkpoint of its last event; undefined when empty. */
  lastCheckpoint: Checkpoint | undefined;
  decode(): PositionedEvent[];
  /** The safe bound this read used (stores with a safe order): everything below it was read. */
  horizon?: bigint;
}

const emptyPage: FetchedPage = { size: 0, lastCheckpoint: undefined, decode: () => [] };

function fetchedAlready(page: PositionedEvent[]): FetchedPage {
  return { size: page.length, lastCheckpoint: page.at(-1)?.checkpoint, decode: () => page };
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

const batchSizeMaxDefault = 100;
const batchSizeLimit = 1_000;

const defaultTiming: CatchUpTiming = {
  idlePollMs: 1_000,
  notifiedRetryMs: 20,
  notifiedRetryCountMax: 50,
};

interface CaughtUpWaiter {
  head: bigint;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Catch up from the checkpoint, then follow live appends; shared by every adapter. */
export function startCatchUpSubscription(
  source: CatchUpSource,
  options: SubscriptionOptions,
  timing: CatchUpTiming = defaultTiming,
): Subscription {
  const batchSizeMax = Math.min(
    Math.max(options.batchSizeMax ?? batchSizeMaxDefault, 1),
    batchSizeLimit,
  );
  const signal = new WakeSignal();
  const unwatch = source.watch(signal);
  let stopping = false;
  let finished = false;
  let failure: Error | undefined;
  let waiters: CaughtUpWaiter[] = [];

  const loop = async (): Promise<void> => {
    let position: Checkpoint = options.loadCheckpoint
      ? await options.loadCheckpoint()
      : await source.loadCheckpoint(options.subscriptionId);
    let notifiedRetries = 0;
    // The page after a full one, read while the handler works on the current one. Only a
    // non-empty prefetched page is used: an empty answer is re-read below, after `settled`, so
    // caughtUp() still resolves only on a read that started after every commit it waits for.
    let prefetched: Promise<FetchedPage> | undefined;
    const fetchPage = (after: Checkpoint): Promise<FetchedPage> =>
      source.fetchPage
        ? source.fetchPage(after, options.filter, batchSizeMax)
        : source.readPage(after, options.filter, batchSizeMax).then(fetchedAlready);
    // The checkpoint save of the batch just handled runs while the next batch is handled; it is
    // awaited before the next save (compare-and-set from the position it stores), before a
    // caughtUp() waiter is released and before the loop ends, so its failure still stops the
    // subscription and nothing reports "caught up" or "stopped" ahead of the stored checkpoint.
    let saving: Promise<void> | undefined;
    const saved = async (): Promise<void> => {
      const pending = saving;
      saving = undefined;
      await pending;
    };
    try {
      await follow();
    } catch (error) {
      // The handler's (or a read's) failure is the one to report, once the last save has settled.
      await saving?.catch(() => undefined);
      throw error;
    }
    await saved();

    async function follow(): Promise<void> {
      while (!stopping) {
        const askedBeforeRead = waiters;
        waiters = [];
        let settled = BigInt(Number.MAX_SAFE_INTEGER);
        let fetched = prefetched ? await prefetched : emptyPage;
        prefetched = undefined;
        if (fetched.size === 0) {
          // Only a read that comes back empty can resolve a waiter, and only if it started after
          // `settled`; a prefetched page that has events needs no bound, so none is asked for.
          if (source.horizon && askedBeforeRead.length > 0 && !source.horizon.reportedByPages)
            settled = await source.horizon.settled();
          fetched = await fetchPage(position);
          if (fetched.horizon !== undefined) settled = fetched.horizon;
        }
        if (fetched.size > 0) {
          waiters = askedBeforeRead.concat(waiters);
          const next = fetched.lastCheckpoint!;
          if (fetched.size === batchSizeMax) {
            prefetched = fetchPage(next);
            // Awaited on the next turn; if the handler throws first, the error must not go unhandled.
            prefetched.catch(() => undefined);
          }
          const events: RecordedEvent[] = fetched.decode().map((p) => p.event);
          await options.handle(events, next);
          if (!options.loadCheckpoint) {
            await saved();
            saving = source.saveCheckpoint(options.subscriptionId, position, next);
            // Awaited by saved(); until then a failure must not count as unhandled.
            saving.catch(() => undefined);
          }
          position = next;
          notifiedRetries = 0;
          continue;
        }
        if (askedBeforeRead.length > 0) await saved();
        for (const waiter of askedBeforeRead) {
          if (waiter.head <= settled) waiter.resolve();
          else waiters.push(waiter);
        }
        if (stopping) break;
        // Someone waits for commits still hidden behind an older open transaction: look again soon.
        const retrySoon =
          waiters.length > 0 ||
          (notifiedRetries > 0 && notifiedRetries <= timing.notifiedRetryCountMax);
        const notified = await signal.wait(retrySoon ? timing.notifiedRetryMs : timing.idlePollMs);
        notifiedRetries = notified ? 1 : retrySoon ? notifiedRetries + 1 : 0;
      }
    }
  };

  const done = loop().finally(() => {
    finished = true;
    unwatch();
  });
  done.then(
    () => rejectWaiters(new Error(`Subscription ${options.subscriptionId} stopped`)),
    (error: unknown) => {
      failure = error as Error;
      rejectWaiters(failure);
    },
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
    caughtUp: async () => {
      const head = source.horizon ? await source.horizon.head() : 0n;
      return new Promise<void>((resolve, reject) => {
        if (stopping || finished) {
          reject(failure ?? new Error(`Subscription ${options.subscriptionId} stopped`));
          return;
        }
        waiters.push({ head, resolve, reject });
        signal.notify();
      });
    },
  };
}
