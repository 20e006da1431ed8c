import { createHash } from 'node:crypto';
import {
  forEachRow,
  type RecordedEvent,
  type SqlExecutor,
  type UpcasterRegistry,
} from '@billing/event-store';
import type { AsOf } from '@billing/ledger-domain';
import {
  asArray,
  asOfCondition,
  decodeCheckpoint,
  eventColumns,
  toRecorded,
  typeCondition,
  type EventRow,
} from './log-reader';

/**
 * One billing account's events, read from the log through the account index (see
 * docs/decisions/0008), handed over in the safe order while they are still arriving.
 */

export interface AccountEventsOptions {
  billingAccountId: string;
  asOf?: AsOf;
  /** Only these event types. */
  types?: readonly string[];
  /** The live account index: its table and how far it reaches. */
  index: { table: string; checkpoint: string };
  upcasters?: UpcasterRegistry;
  /**
   * Whether to read the events past the index's checkpoint too (default true). Without them the
   * events are exactly those up to the checkpoint: a fixed set, which a cache can keep.
   */
  includeTail?: boolean;
}

/** Bound of one account's replay: the events of one account, not a log scan. */
const accountEventsMax = 1_000_000;

/**
 * Events handed to a fold at once while the rest are still arriving. Small: parsed events waiting
 * for their fold are what a young-generation collection in the middle of a replay has to copy,
 * besides the state itself (with 1,000, replays of 10,000 events took a fifth longer).
 */
const foldBatchSize = 100;

/** What consumes an account's events: a fold that can be started over. */
export interface AccountEventsFold {
  /** The next events, in the safe order. */
  fold(events: readonly RecordedEvent[]): void;
  /** Forget what was folded: the events come again from the first (rare, see below). */
  restart(): void;
}

/** (transaction id, position) `a` before `b` in the safe order; ids are digits of any length. */
function isBefore(
  transactionIdA: string,
  positionA: number,
  transactionIdB: string,
  positionB: number,
): boolean {
  if (transactionIdA !== transactionIdB) {
    if (transactionIdA.length !== transactionIdB.length)
      return transactionIdA.length < transactionIdB.length;
    return transactionIdA < transactionIdB;
  }
  return positionA < positionB;
}

/**
 * Folds every event naming one billing account, in the safe order, as of a moment, and resolves
 * to their count. The events come from the account index (an index-only range scan, then each
 * event by primary key) plus the events after the index's checkpoint, which it does not cover yet
 * (a filtered scan of that tail only); both reads run at once.
 *
 * The indexed events are asked for in position order, without a sort by the server (which would
 * hold every row back until the last was found, and spill their text to disk beyond its work
 * memory), and folded in batches while the server still sends the rest: the events need not be
 * kept, which is most of a replay's memory and garbage-collection work. Position order is the
 * safe order unless transactions committed out of order: the first event that breaks the order
 * stops the streaming, and the fold restarts on the events read again, sorted by the server.
 */
export async function foldAccountEvents(
  db: SqlExecutor,
  options: AccountEventsOptions,
  target: AccountEventsFold,
): Promise<number> {
  const indexed = indexedQuery(options);
  let batch: RecordedEvent[] = [];
  let count = 0;
  let lastTransactionId = '';
  let lastPosition = 0;
  let inOrder = true;
  const streamed = forEachRow<EventRow>(
    db,
    indexed.sql,
    indexed.params,
    (row) => {
      if (!inOrder) return;
      const read = toRecorded(asArray(row), options.upcasters);
      const transactionId = read.checkpoint.slice(0, read.checkpoint.indexOf(':'));
      const position = read.event.globalPosition;
      if (count > 0 && !isBefore(lastTransactionId, lastPosition, transactionId, position)) {
        inOrder = false;
        return;
      }
      lastTransactionId = transactionId;
      lastPosition = position;
      batch.push(read.event);
      count += 1;
      if (batch.length >= foldBatchSize) {
        target.fold(batch);
        batch = [];
      }
    },
    // Prepared once per connection: a replay is one query per account, asked again and again.
    { rowMode: 'array', name: indexed.name },
  );
  const [, tail] = await Promise.all([
    streamed,
    options.includeTail === false ? [] : readTail(db, options),
  ]);
  if (inOrder) {
    if (batch.length > 0) target.fold(batch);
  } else {
    target.restart();
    const { rows } = await db.query<EventRow>(
      `${indexed.sql} ORDER BY e.transaction_id, e.global_position`,
      indexed.params,
      { rowMode: 'array' },
    );
    count = rows.length;
    for (let start = 0; start < rows.length; start += foldBatchSize)
      target.fold(
        rows
          .slice(start, start + foldBatchSize)
          .map((row) => toRecorded(asArray(row), options.upcasters).event),
      );
  }
  // Every tail event comes after every indexed one in the safe order (it is past the checkpoint).
  if (tail.length > 0) target.fold(tail);
  return count + tail.length;
}

/** The same events as `foldAccountEvents`, as one array. */
export async function readAccountEvents(
  db: SqlExecutor,
  options: AccountEventsOptions,
): Promise<RecordedEvent[]> {
  let events: RecordedEvent[] = [];
  await foldAccountEvents(db, options, {
    fold: (batch) => {
      for (const event of batch) events.push(event);
    },
    restart: () => {
      events = [];
    },
  });
  return events;
}

/** The indexed events' query, unordered (the caller orders or checks the order). */
function indexedQuery(options: AccountEventsOptions): {
  sql: string;
  params: unknown[];
  name: string;
} {
  const params: unknown[] = [options.billingAccountId, accountEventsMax];
  let positionMax = '';
  if (options.asOf && 'position' in options.asOf) {
    params.push(options.asOf.position);
    positionMax = ` AND global_position <= $${params.length}::bigint`;
  }
  const condition =
    (options.asOf && 'recordedAt' in options.asOf
      ? ` AND ${asOfCondition(options.asOf, params)}`
      : '') + typeCondition(options.types, params);
  const sql = `SELECT ${eventColumns}
       FROM (SELECT global_position FROM ${options.index.table}
              WHERE billing_account_id = $1${positionMax}
              ORDER BY global_position LIMIT $2) a
       JOIN event_store.events e ON e.global_position = a.global_position
      WHERE true${condition}`;
  // The text varies with the index version, the kind of moment and the number of types: one
  // prepared statement per text.
  const name = `ledger_account_events_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  return { sql, params, name };
}

/**
 * The account's events after the index's checkpoint (`options.index.checkpoint`), in the safe
 * order: a filtered scan of the log past that checkpoint only.
 */
export async function readTail(
  db: SqlExecutor,
  options: AccountEventsOptions,
): Promise<RecordedEvent[]> {
  const after = decodeCheckpoint(options.index.checkpoint);
  const params: unknown[] = [
    options.billingAccountId,
    String(after.transactionId),
    String(after.globalPosition),
  ];
  const condition =
    (options.asOf ? ` AND ${asOfCondition(options.asOf, params)}` : '') +
    typeCondition(options.types, params);
  const { rows } = await db.query<EventRow>(
    `SELECT ${eventColumns} FROM event_store.events e
      WHERE e.transaction_id < (SELECT event_store.safe_horizon())
        AND (e.transaction_id, e.global_position) > ($2::text::xid8, $3::bigint)
        AND e.data->>'billingAccountId' = $1${condition}
      ORDER BY e.transaction_id, e.global_position`,
    params,
    { rowMode: 'array' },
  );
  return rows.map((row) => toRecorded(asArray(row), options.upcasters).event);
}
