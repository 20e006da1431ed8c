import type { SqlExecutor } from '@billing/event-store';

/** One entry of the global chain as sealed, with the event now at its position (null: gone). */
interface ChainEntry {
  sequence: number;
  globalPosition: number;
  transactionId: string;
  recordedAt: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  contentHash: string;
  globalHash: string;
  /** The stored event (personal fields in their stored, encrypted form), to rehash its content. */
  event: {
    eventId: string;
    type: string;
    schemaVersion: number;
    occurredAt: string;
    data: unknown;
    metadata: unknown;
    contentHash: string;
  } | null;
}

export interface ChainPage {
  /** The link before the first entry ('' at the start of the chain): where a check resumes. */
  previousHash: string;
  entries: ChainEntry[];
  /** Pass as afterSequence for the next page; null on the last page. */
  nextAfterSequence: number | null;
}

interface Row {
  seal_sequence: string;
  global_position: string;
  transaction_id: string;
  recorded_at: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  content_hash: string;
  global_hash: string;
  e_event_id: string | null;
  e_type: string | null;
  e_schema_version: number | null;
  e_occurred_at: string | null;
  e_data: unknown;
  e_metadata: unknown;
  e_content_hash: string | null;
}

const entriesSql = `SELECT c.seal_sequence::text AS seal_sequence, c.global_position::text AS global_position,
         c.transaction_id::text AS transaction_id, c.recorded_at, c.stream_id,
         c.stream_version::text AS stream_version, c.event_id::text AS event_id, c.content_hash,
         c.global_hash, e.event_id::text AS e_event_id, e.type AS e_type,
         e.schema_version AS e_schema_version, e.occurred_at AS e_occurred_at, e.data AS e_data,
         e.metadata AS e_metadata, e.content_hash AS e_content_hash
    FROM event_store.global_chain c
    LEFT JOIN event_store.events e ON e.global_position = c.global_position
   WHERE c.seal_sequence > $1::bigint ORDER BY c.seal_sequence LIMIT $2`;

/**
 * A page of the sealed global chain beside the events at its positions, for a check made
 * elsewhere (the console's, in the browser): it recomputes every content hash and link itself.
 */
export async function chainEntries(
  db: SqlExecutor,
  afterSequence: number,
  limit: number,
): Promise<ChainPage> {
  const { rows } = await db.query<Row>(entriesSql, [String(afterSequence), limit]);
  const previous =
    afterSequence === 0
      ? []
      : (
          await db.query<{ global_hash: string }>(
            'SELECT global_hash FROM event_store.global_chain WHERE seal_sequence = $1::bigint',
            [String(afterSequence)],
          )
        ).rows;
  const entries = rows.map(entryOf);
  return {
    previousHash: previous[0]?.global_hash ?? '',
    entries,
    nextAfterSequence: rows.length < limit ? null : (entries[entries.length - 1]?.sequence ?? null),
  };
}

function entryOf(row: Row): ChainEntry {
  return {
    sequence: Number(row.seal_sequence),
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    eventId: row.event_id,
    contentHash: row.content_hash,
    globalHash: row.global_hash,
    event:
      row.e_event_id === null
        ? null
        : {
            eventId: row.e_event_id,
            type: row.e_type ?? '',
            schemaVersion: Number(row.e_schema_version),
            occurredAt: row.e_occurred_at ?? '',
            data: row.e_data,
            metadata: row.e_metadata,
            contentHash: row.e_content_hash ?? '',
          },
  };
}
