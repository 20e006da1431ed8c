import type { EventMetadata, RecordedEvent } from '../port/envelope';

/**
 * The columns every read selects, all as text and in this order (rows come back as arrays); the
 * same list `event_store.read_all_page` returns (sql/0022). Text, because the store parses what it
 * needs itself (numbers with Number(), data and metadata with JSON.parse) and the driver's own type
 * parsing per column costs more than that.
 */
export const eventColumns = `e.global_position::text, e.transaction_id::text, e.event_id::text,
  e.stream_id, e.stream_version::text, e.type, e.schema_version::text, e.data::text,
  e.metadata::text, e.occurred_at,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One row of `eventColumns`. */
export type EventRow = [
  globalPosition: string,
  transactionId: string,
  eventId: string,
  streamId: string,
  streamVersion: string,
  type: string,
  schemaVersion: string,
  data: string,
  metadata: string,
  occurredAt: string,
  recordedAt: string,
];

export const rowGlobalPosition = 0;
export const rowTransactionId = 1;
export const rowStreamVersion = 4;

/** The envelope of a stored event: one plain object, data and metadata parsed from their JSON. */
export function recordedFromRow(row: EventRow): RecordedEvent {
  return {
    eventId: row[2],
    type: row[5],
    schemaVersion: Number(row[6]),
    data: JSON.parse(row[7]) as unknown,
    metadata: JSON.parse(row[8]) as EventMetadata,
    occurredAt: row[9],
    streamId: row[3],
    streamVersion: Number(row[4]),
    globalPosition: Number(row[0]),
    recordedAt: row[10],
  };
}
