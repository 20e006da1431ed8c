import type { RecordedEvent, SqlEventStore } from '@billing/event-store';
import {
  wasRecordedBy,
  type AsOf,
  type LedgerEvent,
  type Projection,
} from '@billing/ledger-domain';
import { startProgress, type Progress } from '../shared/progress';

/** How many events the store holds (an estimate for progress: readers see committed rows only). */
export async function countEvents(store: SqlEventStore): Promise<number> {
  const { rows } = await store.backend.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM event_store.events',
  );
  return Number(rows[0]?.n ?? 0);
}

/** Progress over the whole log, labelled, on stderr. */
export async function logProgress(
  store: SqlEventStore,
  label: string,
  enabled: boolean,
): Promise<Progress> {
  const total = enabled ? await countEvents(store) : null;
  return startProgress({ label, total, unit: 'events', enabled });
}

/**
 * The whole log in the store's safe global order (transaction, position): the order every live
 * projection folded it in. The ledger's projections take the store's recorded events as they are
 * (`LedgerEvent` is a structural subset of `RecordedEvent`).
 */
export async function* readLog(
  store: SqlEventStore,
  progress: Progress,
): AsyncGenerator<RecordedEvent & LedgerEvent> {
  let read = 0;
  for await (const { event } of store.readAll()) {
    read += 1;
    progress.update(read);
    yield event;
  }
}

export interface FoldOptions {
  asOf?: AsOf;
  /** Which of the events in the log at `asOf` to fold (e.g. one account's); all when omitted. */
  accept?: (event: LedgerEvent) => boolean;
  /** Sees every event read, whatever `asOf` and `accept` say (e.g. to know an account exists). */
  observe?: (event: LedgerEvent) => void;
  progress: Progress;
}

export interface FoldResult<State> {
  state: State;
  /** Highest global position in the log at `asOf` (any account): the moment computed at. */
  computedAtPosition: number | null;
  eventsRead: number;
  eventsFolded: number;
}

/** Folding this many events at once copies the state once per batch, not once per event. */
const foldBatchSize = 1_000;

/**
 * `replayAsOf` over the store, streamed: folds, in the safe order, the accepted events that were
 * in the log at `asOf`, one batch at a time, so memory holds the state and one batch, not the log.
 */
export async function foldLog<State>(
  store: SqlEventStore,
  projection: Projection<State>,
  options: FoldOptions,
): Promise<FoldResult<State>> {
  let state = projection.initial();
  let computedAtPosition: number | null = null;
  let eventsRead = 0;
  let eventsFolded = 0;
  let batch: LedgerEvent[] = [];
  for await (const event of readLog(store, options.progress)) {
    eventsRead += 1;
    options.observe?.(event);
    if (options.asOf !== undefined && !wasRecordedBy(event, options.asOf)) continue;
    if (computedAtPosition === null || event.globalPosition > computedAtPosition)
      computedAtPosition = event.globalPosition;
    if (options.accept !== undefined && !options.accept(event)) continue;
    batch.push(event);
    if (batch.length >= foldBatchSize) {
      state = projection.fold(state, batch);
      eventsFolded += batch.length;
      batch = [];
    }
  }
  state = projection.fold(state, batch);
  eventsFolded += batch.length;
  return { state, computedAtPosition, eventsRead, eventsFolded };
}
