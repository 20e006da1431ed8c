import type { SqlExecutor } from '../sql/sql-executor';

/** The newest entry of the global chain: an auditor keeps `position:hash` to prove it later. */
export interface ChainHead {
  /** Entries in the chain (the head's sequence number). */
  sequence: number;
  /** Global position of the last sealed event. */
  position: number;
  /** Its global link, which commits to every sealed event up to and including it. */
  hash: string;
  /** When it was sealed (ISO-8601). */
  sealedAt: string;
}

/** A head as an auditor writes it down: `<position>:<hash>`. */
export interface KeptHead {
  position: number;
  hash: string;
}

export function formatKeptHead(head: KeptHead): string {
  return `${head.position}:${head.hash}`;
}

/** Parses `<position>:<hash>` (a sha-256 in hex); null when it is not one. */
export function parseKeptHead(text: string): KeptHead | null {
  const match = /^([0-9]{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) return null;
  return { position: Number(match[1]), hash: match[2]! };
}

/** The chain head now, or null while nothing is sealed. */
export async function readChainHead(db: SqlExecutor): Promise<ChainHead | null> {
  const { rows } = await db.query<{
    seal_sequence: string;
    global_position: string;
    global_hash: string;
    sealed_at: string;
  }>(
    `SELECT seal_sequence::text AS seal_sequence, global_position::text AS global_position, global_hash,
            to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sealed_at
       FROM event_store.global_chain ORDER BY global_chain.seal_sequence DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    sequence: Number(row.seal_sequence),
    position: Number(row.global_position),
    hash: row.global_hash,
    sealedAt: row.sealed_at,
  };
}

/**
 * How far the seal is behind: the age (by the database's clock) of the oldest committed event
 * not sealed yet, in milliseconds; 0 when everything is sealed.
 */
export async function readSealLagMs(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ lag_ms: string | null }>(
    `SELECT (extract(epoch FROM clock_timestamp() - e.recorded_at) * 1000)::bigint::text AS lag_ms
       FROM event_store.events e
      WHERE e.global_position > coalesce((SELECT max(g.global_position) FROM event_store.global_chain g), 0)
      ORDER BY e.global_position LIMIT 1`,
  );
  const lag = rows[0]?.lag_ms;
  return lag === undefined || lag === null ? 0 : Math.max(Number(lag), 0);
}
