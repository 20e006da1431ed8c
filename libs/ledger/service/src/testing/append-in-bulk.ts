import { contentHash, type NewEvent, type SqlExecutor } from '@billing/event-store';

/** An event and the stream it is appended to. */
export interface StreamEvent extends NewEvent {
  streamId: string;
}

/** Events per statement: one transaction, one round trip. */
export const bulkAppendEventsMax = 5_000;

/**
 * Test and benchmark helper: appends events through the store's own append function, in their
 * order, many streams per round trip (one call of `event_store.append_events` per run of
 * consecutive events of one stream, all in one statement). Everything the store checks still
 * holds: idempotency, expectations (`any` here), category ownership, the per-stream hash chain.
 * One statement is one transaction, so the events become visible to readers together.
 */
export async function appendInBulk(
  db: SqlExecutor,
  events: readonly StreamEvent[],
): Promise<number> {
  let appended = 0;
  for (let start = 0; start < events.length; start += bulkAppendEventsMax) {
    const runs: Array<{ stream: string; service: string; events: unknown[] }> = [];
    for (const event of events.slice(start, start + bulkAppendEventsMax)) {
      const { streamId, ...rest } = event;
      const payload = {
        eventId: rest.eventId,
        type: rest.type,
        schemaVersion: rest.schemaVersion,
        data: rest.data,
        metadata: rest.metadata,
        occurredAt: rest.occurredAt,
        contentHash: contentHash(rest),
      };
      const last = runs[runs.length - 1];
      if (last && last.stream === streamId && last.service === rest.metadata.service)
        last.events.push(payload);
      else runs.push({ stream: streamId, service: rest.metadata.service, events: [payload] });
    }
    const { rows } = await db.query<{ appended: number }>(
      `SELECT count(*)::int AS appended
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(run, n)
        CROSS JOIN LATERAL event_store.append_events(b.run->>'stream', 'any', b.run->>'service', b.run->'events') a`,
      [JSON.stringify(runs)],
    );
    appended += Number(rows[0]?.appended ?? 0);
  }
  return appended;
}
