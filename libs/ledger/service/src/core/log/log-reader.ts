import type { RecordedEvent, SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import type { AsOf } from '@billing/ledger-domain';

export type { AsOf };

/**
 * Reads the event store's log directly in SQL, in its safe global order (transaction id, global
 * position; see docs/decisions/0004), in pages far larger than the store port's: a rebuild or a
 * point-in-time replay of the whole log is mostly this read. Upcasters, when given, are applied as
 * the store's own readers apply them.
 */

export interface LogPage {
  events: RecordedEvent[];
  /** The checkpoint just after each event. */
  checkpoints: string[];
  /** Checkpoint just after the page's last event; unchanged when the page is empty. */
  checkpoint: string;
}

/** Events of one page at most (the store's read function caps a page at 100,000). */
export const logPageSizeMax = 50_000;

const eventColumns = `e.transaction_id::text AS transaction_id, e.global_position::text AS global_position,
  e.event_id::text AS event_id, e.stream_id, e.stream_version::text AS stream_version, e.type,
  e.schema_version, e.data, e.metadata, e.occurred_at,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

interface EventRow {
  transaction_id: string;
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  occurred_at: string;
  recorded_at: string;
}

export interface SafePosition {
  transactionId: bigint;
  globalPosition: bigint;
}

/** Decodes the SQL store's checkpoint `"<xid>:<position>"` ('' is the start of the log). */
export function decodeCheckpoint(checkpoint: string): SafePosition {
  if (checkpoint === '') return { transactionId: 0n, globalPosition: 0n };
  const match = /^(\d+):(\d+)$/.exec(checkpoint);
  if (!match) throw new RangeError(`Not a checkpoint of the SQL event store: ${checkpoint}`);
  return { transactionId: BigInt(match[1] as string), globalPosition: BigInt(match[2] as string) };
}

/** Orders two checkpoints of the SQL store in its safe order: negative when `a` comes first. */
export function compareCheckpoints(a: string, b: string): number {
  const x = decodeCheckpoint(a);
  const y = decodeCheckpoint(b);
  if (x.transactionId !== y.transactionId) return x.transactionId < y.transactionId ? -1 : 1;
  if (x.globalPosition !== y.globalPosition) return x.globalPosition < y.globalPosition ? -1 : 1;
  return 0;
}

function toRecorded(row: EventRow, upcasters: UpcasterRegistry | undefined): RecordedEvent {
  const event: RecordedEvent = {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.global_position),
    recordedAt: row.recorded_at,
  };
  return upcasters ? upcasters.upcast(event) : event;
}

export interface ReadLogOptions {
  /** Start after this checkpoint ('' = from the first event). */
  after: string;
  pageSize: number;
  /** Only these event types (the checkpoint still advances past the others). */
  types?: readonly string[];
  asOf?: AsOf;
  upcasters?: UpcasterRegistry;
}

/**
 * One page of the log after `after` in the safe order, visible under the safe rule (only
 * transactions older than every open one). With `asOf`, events recorded later are left out, as
 * the domain's replayAsOf filters them (a filter, not a cut: the safe order may deliver a higher
 * position first).
 */
export async function readLogPage(db: SqlExecutor, options: ReadLogOptions): Promise<LogPage> {
  const after = decodeCheckpoint(options.after);
  const pageSize = Math.min(Math.max(1, options.pageSize), logPageSizeMax);
  const asOf = options.asOf;
  const { rows } = await db.query<EventRow>(
    `SELECT ${eventColumns}
       FROM ledger_rm.read_log_page($1::text::xid8, $2::bigint, $3::integer, $4::text[], $5::bigint,
                                    $6::timestamptz) e`,
    [
      String(after.transactionId),
      String(after.globalPosition),
      pageSize,
      options.types ?? null,
      asOf && 'position' in asOf ? asOf.position : null,
      asOf && 'recordedAt' in asOf ? asOf.recordedAt : null,
    ],
  );
  const checkpoints = rows.map((row) => `${row.transaction_id}:${row.global_position}`);
  return {
    events: rows.map((row) => toRecorded(row, options.upcasters)),
    checkpoints,
    checkpoint: checkpoints[checkpoints.length - 1] ?? options.after,
  };
}

function asOfCondition(asOf: AsOf, params: unknown[]): string {
  if ('position' in asOf) {
    params.push(asOf.position);
    return `e.global_position <= $${params.length}::bigint`;
  }
  params.push(asOf.recordedAt);
  // Millisecond precision, as recordedAt is shown: an event is in the log "as of" its own time.
  return `date_trunc('milliseconds', e.recorded_at) <= $${params.length}::timestamptz`;
}

/** Pages of the log from `after` to the end visible now (or up to and including `until`). */
export async function* readLog(
  db: SqlExecutor,
  options: ReadLogOptions & { until?: string },
): AsyncGenerator<LogPage> {
  let after = options.after;
  // The next page is read while the caller works on this one.
  let next = prefetch(readLogPage(db, { ...options, after }));
  for (;;) {
    let page = await next;
    if (options.until !== undefined) page = cutAt(page, options.until);
    if (page.events.length === 0) return;
    after = page.checkpoint;
    const reachedEnd = options.until !== undefined && compareCheckpoints(after, options.until) >= 0;
    if (!reachedEnd) next = prefetch(readLogPage(db, { ...options, after }));
    yield page;
    if (reachedEnd) return;
  }
}

/** The part of a page up to and including the event at checkpoint `until`. */
/** A read started ahead of its use; if the caller stops first, its failure is not unhandled. */
function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function cutAt(page: LogPage, until: string): LogPage {
  if (compareCheckpoints(page.checkpoint, until) <= 0) return page;
  let keep = 0;
  while (
    keep < page.checkpoints.length &&
    compareCheckpoints(page.checkpoints[keep] as string, until) <= 0
  )
    keep += 1;
  const checkpoints = page.checkpoints.slice(0, keep);
  return {
    events: page.events.slice(0, keep),
    checkpoints,
    checkpoint: checkpoints[keep - 1] ?? page.checkpoint,
  };
}

export interface AccountEventsOptions {
  billingAccountId: string;
  asOf?: AsOf;
  /** The live account index: its table and how far it reaches. */
  index: { table: string; checkpoint: string };
  upcasters?: UpcasterRegistry;
}

/** Bound of one account's replay: the events of one account, not a log scan. */
export const accountEventsMax = 1_000_000;

/**
 * Every event naming one billing account, in the safe order, as of a moment: found through the
 * account index (an index range scan, then each event by primary key), plus the events after the
 * index's checkpoint, which it does not cover yet (a filtered scan of that tail only).
 */
export async function readAccountEvents(
  db: SqlExecutor,
  options: AccountEventsOptions,
): Promise<RecordedEvent[]> {
  const params: unknown[] = [options.billingAccountId, accountEventsMax];
  const condition = options.asOf ? ` AND ${asOfCondition(options.asOf, params)}` : '';
  const indexed = await db.query<EventRow>(
    `SELECT ${eventColumns}
       FROM ${options.index.table} a
       JOIN event_store.events e ON e.global_position = a.global_position
      WHERE a.billing_account_id = $1${condition}
      ORDER BY e.transaction_id, e.global_position LIMIT $2`,
    params,
  );
  const after = decodeCheckpoint(options.index.checkpoint);
  const tailParams: unknown[] = [
    options.billingAccountId,
    String(after.transactionId),
    String(after.globalPosition),
  ];
  const tailCondition = options.asOf ? ` AND ${asOfCondition(options.asOf, tailParams)}` : '';
  const tail = await db.query<EventRow>(
    `SELECT ${eventColumns} FROM event_store.events e
      WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND (e.transaction_id, e.global_position) > ($2::text::xid8, $3::bigint)
        AND e.data->>'billingAccountId' = $1${tailCondition}
      ORDER BY e.transaction_id, e.global_position`,
    tailParams,
  );
  return [...indexed.rows, ...tail.rows].map((row) => toRecorded(row, options.upcasters));
}
