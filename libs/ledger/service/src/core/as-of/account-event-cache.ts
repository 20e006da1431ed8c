import type { RecordedEvent, SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import { wasRecordedBy, type AsOf } from '@billing/ledger-domain';
import {
  readAccountEvents,
  readTail,
  type AccountEventsFold,
  type AccountEventsOptions,
} from '../log/account-events';
import { compareCheckpoints, decodeCheckpoint } from '../log/log-reader';

/**
 * A warm as-of replay of a long account spent most of its time reading and parsing the same
 * events again (a CPU profile of 11,000-event replays: JSON.parse and the garbage of the rows
 * and parsed events ahead of the fold itself). The log is append-only, so an account's events up
 * to the account index's checkpoint never change: they are read and parsed once, kept frozen
 * (a fold that tried to change one would throw), and every later replay of that account filters
 * them by its moment in memory and reads from PostgreSQL only the events past the cached
 * checkpoint (the filtered scan of the log tail the replay always did). See docs/decisions/0019.
 */

/** Accounts with fewer events are read each time: reading them is already cheap. */
const cachedAccountEventsMin = 1_000;
/** Events kept in all (per executor); the least recently used accounts go first. */
const cachedEventsMax = 60_000;
/** Positions the live index may run ahead of a cached checkpoint before the account is reread. */
const stalePositionsMax = 20_000;

interface Entry {
  table: string;
  checkpoint: string;
  upcasters: UpcasterRegistry | undefined;
  events: readonly RecordedEvent[];
}

const caches = new WeakMap<SqlExecutor, Map<string, Entry>>();

function cacheOf(db: SqlExecutor): Map<string, Entry> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** Forgets every account's kept events read through `db` (a benchmark's uncached runs). */
export function forgetAccountEvents(db: SqlExecutor): void {
  caches.delete(db);
}

function keyOf(options: AccountEventsOptions): string {
  return `${options.index.table}|${options.billingAccountId}|${options.types?.join(',') ?? '*'}`;
}

/** Still usable: same index table and upcasters, its checkpoint not ahead of the index's, not stale. */
function usable(entry: Entry, options: AccountEventsOptions): boolean {
  if (entry.table !== options.index.table || entry.upcasters !== options.upcasters) return false;
  if (compareCheckpoints(entry.checkpoint, options.index.checkpoint) > 0) return false;
  const ahead =
    decodeCheckpoint(options.index.checkpoint).globalPosition -
    decodeCheckpoint(entry.checkpoint).globalPosition;
  return ahead <= BigInt(stalePositionsMax);
}

/**
 * Freezes an event, its data and its metadata: a fold that tried to change one would throw
 * instead of changing every later replay. Not deeper: walking every nested object doubled the
 * cost of a first replay (measured 202 -> 464 ms for 11,278 events under load).
 */
function freeze(event: RecordedEvent): void {
  Object.freeze(event);
  Object.freeze(event.data);
  Object.freeze(event.metadata);
}

function remember(cache: Map<string, Entry>, key: string, entry: Entry): void {
  for (const event of entry.events) freeze(event);
  cache.delete(key);
  cache.set(key, entry);
  let total = 0;
  for (const e of cache.values()) total += e.events.length;
  for (const [oldest, e] of cache) {
    if (total <= cachedEventsMax) break;
    cache.delete(oldest);
    total -= e.events.length;
  }
}

/**
 * The account's events up to the index's checkpoint, from the cache or read (and kept when the
 * account is long enough to be worth it and short enough to fit).
 */
async function indexedEvents(db: SqlExecutor, options: AccountEventsOptions): Promise<Entry> {
  const cache = cacheOf(db);
  const key = keyOf(options);
  const known = cache.get(key);
  if (known !== undefined && usable(known, options)) {
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const { asOf: _ignored, ...all } = options;
  const events = await readAccountEvents(db, { ...all, includeTail: false });
  const entry: Entry = {
    table: options.index.table,
    checkpoint: options.index.checkpoint,
    upcasters: options.upcasters,
    events,
  };
  if (events.length >= cachedAccountEventsMin && events.length <= cachedEventsMax)
    remember(cache, key, entry);
  return entry;
}

/**
 * `foldAccountEvents` with the account's indexed events cached: the same events in the same
 * order, hence the same state (a test compares the two). Every tail event comes after every
 * cached one in the safe order: it is past the cached checkpoint.
 */
export async function foldAccountEventsCached(
  db: SqlExecutor,
  options: AccountEventsOptions,
  target: AccountEventsFold,
): Promise<number> {
  const entry = await indexedEvents(db, options);
  const tail = readTail(db, {
    ...options,
    index: { ...options.index, checkpoint: entry.checkpoint },
  });
  const asOf: AsOf | undefined = options.asOf;
  const events =
    asOf === undefined ? entry.events : entry.events.filter((e) => wasRecordedBy(e, asOf));
  target.fold(events);
  const after = await tail;
  if (after.length > 0) target.fold(after);
  return events.length + after.length;
}
