import type { PoolClient } from 'pg';

export const defaultInboxTable = 'messaging.inbox';

/** Where a handled event came from, recorded beside its id for audits and debugging. */
export interface InboxEntry {
  consumerGroup: string;
  eventId: string;
  topic: string;
  partition: number;
  offset: string;
}

/** `schema.table` or `table`, plain identifiers only: the name goes into SQL text. */
export function assertInboxTableName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name))
    throw new Error(`Invalid inbox table name: ${name}`);
  return name;
}

/**
 * Records the event as handled by the group, inside the caller's transaction. Returns false when
 * it was already recorded: the caller then skips the handler. Concurrent deliveries of one id
 * serialise on the primary key, so only one of them sees true.
 */
export async function recordInInbox(
  tx: PoolClient,
  table: string,
  entry: InboxEntry,
): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO ${table} (consumer_group, event_id, topic, kafka_partition, kafka_offset)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (consumer_group, event_id) DO NOTHING`,
    [entry.consumerGroup, entry.eventId, entry.topic, entry.partition, entry.offset],
  );
  return result.rowCount === 1;
}

/**
 * Records a run of events in one statement, inside the caller's transaction; returns the ids that
 * were new (the caller applies only those). An id twice in the run, or already recorded, is not new.
 */
export async function recordBatchInInbox(
  tx: PoolClient,
  table: string,
  entries: InboxEntry[],
): Promise<Set<string>> {
  const result = await tx.query<{ event_id: string }>(
    `INSERT INTO ${table} (consumer_group, event_id, topic, kafka_partition, kafka_offset)
     SELECT $1, e.id, $2, $3, e.off FROM unnest($4::text[], $5::bigint[]) AS e(id, off)
     ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id`,
    [
      entries[0]?.consumerGroup ?? '',
      entries[0]?.topic ?? '',
      entries[0]?.partition ?? 0,
      entries.map((e) => e.eventId),
      entries.map((e) => e.offset),
    ],
  );
  return new Set(result.rows.map((r) => r.event_id));
}
