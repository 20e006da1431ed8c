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
const logPageSizeMax = 50_000;

/**
 * The event store's own row shape (its src/sql/event-row.ts, sql/0022): the fields that can never
 * contain `|` packed into one, `"<xid>:<position>|<stream version>|<schema version>|<event
 * id>|<recorded at>"`, then stream, type, data and metadata as JSON text, business time. Asked
 * for as arrays: the driver's time per field and per row is most of a rebuild's read.
 */
export const eventColumns = `concat_ws('|', e.transaction_id::text || ':' || e.global_position::text,
    e.stream_version, e.schema_version, e.event_id,
    to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS head,
  e.stream_id, e.type, e.data::text AS data, e.metadata::text AS metadata, e.occurred_at`;

export type EventRow = [
  head: string,
  streamId: string,
  type: string,
  data: string,
  metadata: string,
  occurredAt: string,
];

/** An executor that ignores `rowMode` returns objects; both shapes read the same. */
export function asArray(row: EventRow | Record<string, string>): EventRow {
  if (Array.isArray(row)) return row;
  const r = row as Record<string, string>;
  return [
    r['head'] as string,
    r['stream_id'] as string,
    r['type'] as string,
    r['data'] as string,
    r['metadata'] as string,
    r['occurred_at'] as string,
  ];
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

export function toRecorded(
  row: EventRow,
  upcasters: UpcasterRegistry | undefined,
): { event: RecordedEvent; checkpoint: string } {
  const head = row[0];
  const checkpointEnd = head.indexOf('|');
  const versionEnd = head.indexOf('|', checkpointEnd + 1);
  const schemaEnd = head.indexOf('|', versionEnd + 1);
  const eventIdEnd = head.indexOf('|', schemaEnd + 1);
  if (eventIdEnd < 0) throw new RangeError(`Not an event row: ${head}`);
  const checkpoint = head.slice(0, checkpointEnd);
  const event: RecordedEvent = {
    eventId: head.slice(schemaEnd + 1, eventIdEnd),
    type: row[2],
    schemaVersion: Number(head.slice(versionEnd + 1, schemaEnd)),
    data: JSON.parse(row[3]) as unknown,
    metadata: JSON.parse(row[4]) as RecordedEvent['metadata'],
    occurredAt: row[5],
    streamId: row[1],
    streamVersion: Number(head.slice(checkpointEnd + 1, versionEnd)),
    globalPosition: Number(checkpoint.slice(checkpoint.indexOf(':') + 1)),
    recordedAt: head.slice(eventIdEnd + 1),
  };
  return { event: upcasters ? upcasters.upcast(event) : event, checkpoint };
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
    `SELECT * FROM ledger_rm.read_log_page($1::text::xid8, $2::bigint, $3::integer, $4::text[],
                                           $5::bigint, $6::timestamptz)`,
    [
      String(after.transactionId),
      String(after.globalPosition),
      pageSize,
      options.types ?? null,
      asOf && 'position' in asOf ? asOf.position : null,
      asOf && 'recordedAt' in asOf ? asOf.recordedAt : null,
    ],
    { rowMode: 'array' },
  );
  const events = new Array<RecordedEvent>(rows.length);
  const checkpoints = new Array<string>(rows.length);
  rows.forEach((row, i) => {
    const read = toRecorded(asArray(row), options.upcasters);
    events[i] = read.event;
    checkpoints[i] = read.checkpoint;
  });
  return { events, checkpoints, checkpoint: checkpoints[checkpoints.length - 1] ?? options.after };
}

export function asOfCondition(asOf: AsOf, params: unknown[]): string {
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

export function typeCondition(types: readonly string[] | undefined, params: unknown[]): string {
  if (types === undefined) return '';
  params.push(types);
  return ` AND e.type = ANY($${params.length}::text[])`;
}
