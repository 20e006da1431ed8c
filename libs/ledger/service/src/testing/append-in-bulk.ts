import { canonicalEnvelope, type NewEvent, type SqlExecutor } from '@billing/event-store';

/** An event and the stream it is appended to. */
export interface StreamEvent extends NewEvent {
  streamId: string;
}

/** Events per statement: one transaction, one round trip. */
export const bulkAppendEventsMax = 5_000;

interface Run {
  stream: string;
  service: string;
  ids: string[];
  types: string[];
  versions: number[];
  occurred: string[];
  hashes: string[];
  data: string[];
  metadata: string[];
}

/**
 * Test and benchmark helper: appends events through the store's own append function, in their
 * order, many streams per round trip (one call of `event_store.append_events` per run of
 * consecutive events of one stream, all in one statement). Everything the store checks still
 * holds: idempotency, expectations (`any` here), category ownership, the per-stream hash chain;
 * data and metadata go as the canonical JSON their content hashes are computed from, as the
 * store's own append sends them. One statement is one transaction, so the events become visible
 * to readers together.
 */
export async function appendInBulk(
  db: SqlExecutor,
  events: readonly StreamEvent[],
): Promise<number> {
  let appended = 0;
  for (let start = 0; start < events.length; start += bulkAppendEventsMax) {
    const runs: Run[] = [];
    for (const event of events.slice(start, start + bulkAppendEventsMax)) {
      const { streamId, ...rest } = event;
      const canonical = canonicalEnvelope(rest);
      let run = runs[runs.length - 1];
      if (!run || run.stream !== streamId || run.service !== rest.metadata.service) {
        run = {
          stream: streamId,
          service: rest.metadata.service,
          ids: [],
          types: [],
          versions: [],
          occurred: [],
          hashes: [],
          data: [],
          metadata: [],
        };
        runs.push(run);
      }
      run.ids.push(rest.eventId);
      run.types.push(rest.type);
      run.versions.push(rest.schemaVersion);
      run.occurred.push(rest.occurredAt);
      run.hashes.push(canonical.contentHash);
      run.data.push(canonical.data);
      run.metadata.push(canonical.metadata);
    }
    // Built by hand so data and metadata keep exactly their canonical text (json, not jsonb).
    const document = `[${runs
      .map(
        (r) =>
          `{"stream":${JSON.stringify(r.stream)},"service":${JSON.stringify(r.service)},` +
          `"ids":${JSON.stringify(r.ids)},"types":${JSON.stringify(r.types)},` +
          `"versions":${JSON.stringify(r.versions)},"occurred":${JSON.stringify(r.occurred)},` +
          `"hashes":${JSON.stringify(r.hashes)},"data":[${r.data.join(',')}],` +
          `"metadata":[${r.metadata.join(',')}]}`,
      )
      .join(',')}]`;
    const texts = (field: string) =>
      `ARRAY(SELECT v FROM json_array_elements_text(b.run->'${field}') WITH ORDINALITY AS t(v, i) ORDER BY i)`;
    const { rows } = await db.query<{ appended: number }>(
      `SELECT coalesce(sum(cardinality(a.global_positions)), 0)::int AS appended
         FROM json_array_elements($1::json) WITH ORDINALITY AS b(run, n)
        CROSS JOIN LATERAL event_store.append_events(
          b.run->>'stream', 'any', b.run->>'service', ${texts('ids')}::uuid[], ${texts('types')},
          ${texts('versions')}::integer[], ${texts('occurred')}, ${texts('hashes')},
          b.run->'data', b.run->'metadata') a`,
      [document],
    );
    appended += Number(rows[0]?.appended ?? 0);
  }
  return appended;
}
