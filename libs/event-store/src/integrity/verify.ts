import type { SqlExecutor } from '../sql/sql-executor';
import { chainGenesis, contentHash, streamLink } from './canonical-json';
import type { KeptHead } from './chain-head';
import { verifyGlobalChain, type KeptHeadOutcome } from './verify-global-chain';

/**
 * altered: content or a link differs from what was recorded or sealed; missing: an event, a seal
 * entry or a stream's events are gone; reordered: an event sits at another place than where it
 * was recorded or sealed; inserted: an event inside the sealed range that was never sealed;
 * diverged: the chain no longer holds a head an auditor kept.
 */
export type IntegrityFault = 'altered' | 'missing' | 'reordered' | 'inserted' | 'diverged';

export interface IntegrityProblem {
  fault: IntegrityFault;
  /** Which chain saw it. */
  chain: 'stream' | 'global';
  eventId: string | null;
  streamId: string | null;
  streamVersion: number | null;
  globalPosition: number | null;
  detail: string;
}

export interface IntegrityReport {
  ok: boolean;
  /** The earliest problem by global position (stream-only problems without a position last). */
  firstProblem: IntegrityProblem | null;
  /** At most `problemCountMax` problems. */
  problems: IntegrityProblem[];
  eventCount: number;
  /** How far the global seal reaches: events sealed, and the last sealed global position. */
  sealedCount: number;
  sealedThroughPosition: number | null;
  unsealedCount: number;
  /** The chain head's hash (with sealedThroughPosition, what an auditor keeps); null if none. */
  headHash: string | null;
  /** What became of each head passed in `expectHeads`. */
  keptHeads: KeptHeadOutcome[];
}

/** How far a walk has come: events checked in the stream chains, or seal entries in the global one. */
export interface VerifyProgress {
  chain: 'stream' | 'global';
  checked: number;
}

export interface VerifyOptions {
  problemCountMax?: number;
  pageSize?: number;
  /** Called after each page, e.g. for a progress bar. */
  onProgress?: (progress: VerifyProgress) => void;
  /** Heads an auditor kept (`position:hash`): the log must still extend each of them. */
  expectHeads?: KeptHead[];
}

interface Row {
  event_id: string;
  stream_id: string;
  stream_version: string;
  global_position: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: never;
  occurred_at: string;
  content_hash: string;
  stream_hash: string;
}

/** Anything with a SQL connection: the SQL event stores, a pg Pool, or a raw executor. */
export type Verifiable = SqlExecutor | { backend: SqlExecutor };

/**
 * Walks every stream's hash chain, then the global chain beside the log, recomputing each link and
 * comparing each sealed entry with the event at its position (verify-global-chain.ts). Read-only;
 * run it as a role that can SELECT the event_store schema.
 */
export async function verify(
  target: Verifiable,
  options: VerifyOptions = {},
): Promise<IntegrityReport> {
  const db = 'backend' in target ? target.backend : target;
  const problemCountMax = options.problemCountMax ?? 100;
  const pageSize = options.pageSize ?? 1_000;
  const problems: IntegrityProblem[] = [];
  const report = (problem: IntegrityProblem): void => {
    if (problems.length < problemCountMax) problems.push(problem);
  };

  const onProgress = options.onProgress ?? (() => undefined);
  const eventCount = await verifyStreams(db, pageSize, report, onProgress);
  const seal = await verifyGlobalChain(db, pageSize, report, onProgress, options.expectHeads ?? []);

  const ordered = [...problems].sort(
    (a, b) =>
      (a.globalPosition ?? Number.MAX_SAFE_INTEGER) - (b.globalPosition ?? Number.MAX_SAFE_INTEGER),
  );
  return {
    ok: problems.length === 0,
    firstProblem: ordered[0] ?? null,
    problems: ordered,
    eventCount,
    sealedCount: seal.sealedCount,
    sealedThroughPosition: seal.sealedThroughPosition,
    unsealedCount: seal.unsealedCount,
    headHash: seal.headHash,
    keptHeads: seal.keptHeads,
  };
}

async function verifyStreams(
  db: SqlExecutor,
  pageSize: number,
  report: (p: IntegrityProblem) => void,
  onProgress: (progress: VerifyProgress) => void,
): Promise<number> {
  let count = 0;
  let afterStream = '';
  let afterVersion = 0;
  let current: { streamId: string; version: number; link: string } | null = null;
  const closeStream = async (): Promise<void> => {
    if (!current) return;
    const { rows } = await db.query<{ version: string; last_hash: string }>(
      'SELECT version::text AS version, last_hash FROM event_store.streams WHERE stream_id = $1',
      [current.streamId],
    );
    const head = rows[0];
    const base = {
      chain: 'stream' as const,
      eventId: null,
      streamId: current.streamId,
      globalPosition: null,
    };
    if (!head)
      report({ ...base, fault: 'missing', streamVersion: null, detail: 'the stream row is gone' });
    else if (Number(head.version) > current.version)
      report({
        ...base,
        fault: 'missing',
        streamVersion: current.version + 1,
        detail: `stream head is at version ${head.version}, events end at ${current.version}`,
      });
    else if (head.last_hash !== current.link)
      report({
        ...base,
        fault: 'altered',
        streamVersion: Number(head.version),
        detail: 'stream head hash does not match its last event',
      });
  };
  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT event_id::text AS event_id, stream_id, stream_version::text AS stream_version,
              global_position::text AS global_position, type, schema_version, data, metadata, occurred_at,
              content_hash, stream_hash
         FROM event_store.events
        WHERE (stream_id, stream_version) > ($1, $2::bigint)
        ORDER BY events.stream_id, events.stream_version LIMIT $3`, // qualified: the aliases are text
      [afterStream, afterVersion, pageSize],
    );
    for (const row of rows) {
      count++;
      const version = Number(row.stream_version);
      if (!current || current.streamId !== row.stream_id) {
        await closeStream();
        current = { streamId: row.stream_id, version: 0, link: chainGenesis };
      }
      const base = {
        chain: 'stream' as const,
        eventId: row.event_id,
        streamId: row.stream_id,
        streamVersion: version,
        globalPosition: Number(row.global_position),
      };
      if (version !== current.version + 1) {
        report({
          ...base,
          fault: 'missing',
          detail: `versions ${current.version + 1}..${version - 1} are missing before this event`,
        });
      }
      const recomputed = contentHash({
        eventId: row.event_id,
        type: row.type,
        schemaVersion: Number(row.schema_version),
        data: row.data,
        metadata: row.metadata,
        occurredAt: row.occurred_at,
      });
      if (recomputed !== row.content_hash) {
        report({ ...base, fault: 'altered', detail: 'content does not match its recorded hash' });
      } else if (
        streamLink(current.link, row.stream_id, version, row.content_hash) !== row.stream_hash
      ) {
        // Content is intact but the link is not: it sits at another version or after another event.
        report({
          ...base,
          fault: version === current.version + 1 ? 'reordered' : 'missing',
          detail: 'stream chain link does not match its position in the stream',
        });
      }
      current = { streamId: row.stream_id, version, link: row.stream_hash };
      afterStream = row.stream_id;
      afterVersion = version;
    }
    onProgress({ chain: 'stream', checked: count });
    if (rows.length < pageSize) break;
  }
  await closeStream();
  return count;
}
