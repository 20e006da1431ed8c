import { Pool } from 'pg';
import { canonicalEnvelope } from '@billing/event-store';
import { benchEvent } from './load';

const writerCount = 4;
const batchSize = 100;

/**
 * Plain INSERT ... SELECT of the same rows the store writes (canonical JSON, content hashes,
 * computed per batch as the store does), 4 writers, 100-event batches, into `url` (a database with
 * the event store's schema and nothing else running on it).
 */
export async function plainInsertRate(
  url: string,
  eventCount: number,
  streamPrefix: string,
): Promise<number> {
  const pool = new Pool({ connectionString: url, max: writerCount });
  try {
    await pool.query(
      `INSERT INTO event_store.category_owners (category, service) VALUES ('invoice', 'bench')
       ON CONFLICT (category) DO NOTHING`,
    );
    const batchesPerWriter = Math.ceil(eventCount / batchSize / writerCount);
    const plans = Array.from({ length: writerCount }, (_, writer) =>
      Array.from({ length: batchesPerWriter }, (_, b) =>
        Array.from({ length: batchSize }, (_, i) => ({
          ...benchEvent((writer * batchesPerWriter + b) * batchSize + i),
          schemaVersion: 1,
        })),
      ),
    );
    const started = performance.now();
    await Promise.all(
      plans.map(async (batches, writer) => {
        for (const [b, events] of batches.entries()) {
          const canonical = events.map((e) => canonicalEnvelope(e));
          await pool.query({
            name: 'bench_plain_insert',
            text: `INSERT INTO event_store.events (event_id, stream_id, stream_version, category, type,
                     schema_version, data, metadata, occurred_at, content_hash, stream_hash)
                   SELECT b.id, $1, b.n, 'invoice', b.type, b.schema_version, b.data, b.metadata,
                          b.occurred_at, b.content_hash, b.content_hash
                     FROM ROWS FROM (unnest($2::uuid[]), unnest($3::text[]), unnest($4::integer[]),
                                     unnest($5::text[]), unnest($6::text[]),
                                     json_array_elements($7::json), json_array_elements($8::json))
                          WITH ORDINALITY AS b(id, type, schema_version, occurred_at, content_hash, data, metadata, n)
                    ORDER BY b.n`,
            values: [
              `invoice-ceiling${streamPrefix}w${writer}b${b}`,
              events.map((e) => e.eventId),
              events.map((e) => e.type),
              events.map((e) => e.schemaVersion),
              events.map((e) => e.occurredAt),
              canonical.map((c) => c.contentHash),
              `[${canonical.map((c) => c.data).join(',')}]`,
              `[${canonical.map((c) => c.metadata).join(',')}]`,
            ],
          });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return Math.round((batchesPerWriter * writerCount * batchSize) / seconds);
  } finally {
    await pool.end();
  }
}

/**
 * Every event of `url`'s log in pages of 1,000 in the safe order, by the plain query (no function),
 * the same columns ours selects, as arrays of text, one page read ahead: what the driver alone costs.
 */
export async function driverReadRate(url: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    let best = 0;
    const readPage = (after: string[]) =>
      pool.query<string[]>({
        name: 'bench_driver_read',
        rowMode: 'array',
        text: `SELECT e.global_position::text, e.transaction_id::text, e.event_id::text, e.stream_id,
                      e.stream_version::text, e.type, e.schema_version::text, e.data::text,
                      e.metadata::text, e.occurred_at,
                      to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                 FROM event_store.events e
                WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                  AND (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
                ORDER BY e.transaction_id, e.global_position LIMIT 1000`,
        values: after,
      });
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      let count = 0;
      // One page ahead, as ours reads.
      let next = readPage(['0', '0']);
      for (;;) {
        const { rows } = await next;
        count += rows.length;
        if (rows.length < 1000) break;
        const last = rows[rows.length - 1]!;
        next = readPage([last[1]!, last[0]!]);
      }
      best = Math.max(best, count / ((performance.now() - started) / 1000));
    }
    return Math.round(best);
  } finally {
    await pool.end();
  }
}
