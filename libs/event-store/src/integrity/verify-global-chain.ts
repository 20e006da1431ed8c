import type { SqlExecutor } from '../sql/sql-executor';
import { chainGenesis, globalLink, type SealedFacts } from './canonical-json';
import type { KeptHead } from './chain-head';
import type { IntegrityProblem, VerifyProgress } from './verify';

/** What became of a head the auditor kept, in the log as it is now. */
export interface KeptHeadOutcome extends KeptHead {
  /**
   * extended: the chain still holds that head (the log now extends it); diverged: the entry at that
   * position hashes otherwise; absent: no sealed event at that position any more; beyond: the
   * chain ends before it.
   */
  outcome: 'extended' | 'diverged' | 'absent' | 'beyond';
}

export interface GlobalWalk {
  sealedCount: number;
  sealedThroughPosition: number | null;
  /** Events after the sealed range (the newest, sealed a moment after they commit). */
  unsealedCount: number;
  headHash: string | null;
  keptHeads: KeptHeadOutcome[];
}

interface EntryRow {
  seal_sequence: string;
  global_position: string;
  transaction_id: string;
  recorded_at: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  content_hash: string;
  global_hash: string;
}

type EventRow = Omit<EntryRow, 'seal_sequence' | 'global_hash'>;

const smallestBigint = '-9223372036854775808';

const entrySql = `SELECT seal_sequence::text AS seal_sequence, global_position::text AS global_position,
         transaction_id::text AS transaction_id, recorded_at, stream_id,
         stream_version::text AS stream_version, event_id::text AS event_id, content_hash, global_hash
    FROM event_store.global_chain WHERE seal_sequence > $1::bigint ORDER BY global_chain.seal_sequence LIMIT $2`;

const eventSql = `SELECT global_position::text AS global_position, transaction_id::text AS transaction_id,
         to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
         stream_id, stream_version::text AS stream_version, event_id::text AS event_id, content_hash
    FROM event_store.events WHERE global_position > $1::bigint ORDER BY events.global_position LIMIT $2`;

/** Rows of a keyset-paged query, one page at a time. */
async function* paged<Row>(
  db: SqlExecutor,
  sql: string,
  pageSize: number,
  keyOf: (row: Row) => string,
): AsyncGenerator<Row> {
  let after = smallestBigint;
  for (;;) {
    const { rows } = await db.query<Row>(sql, [after, pageSize]);
    yield* rows;
    if (rows.length < pageSize) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

async function nextOf<T>(rows: AsyncGenerator<T>): Promise<T | null> {
  const next = await rows.next();
  return next.done ? null : next.value;
}

function factsOf(row: EntryRow): SealedFacts {
  return {
    sequence: Number(row.seal_sequence),
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    eventId: row.event_id,
    contentHash: row.content_hash,
  };
}

/**
 * Walks the global chain in sequence order beside the log in position order. Each entry must link
 * to the one before it and match the event now at its position; every event at or below the last
 * sealed position must be sealed (the sealer leaves no holes, so one there was put in later); and
 * each kept head must still be in the chain.
 */
export async function verifyGlobalChain(
  db: SqlExecutor,
  pageSize: number,
  report: (problem: IntegrityProblem) => void,
  onProgress: (progress: VerifyProgress) => void,
  keptHeads: KeptHead[],
): Promise<GlobalWalk> {
  const { rows } = await db.query<{ last: string | null }>(
    'SELECT max(global_position)::text AS last FROM event_store.global_chain',
  );
  const sealedMax = rows[0]?.last == null ? null : Number(rows[0].last);
  const walk = new ChainWalk(report, keptHeads, sealedMax);
  const entries = paged<EntryRow>(db, entrySql, pageSize, (r) => r.seal_sequence);
  const events = paged<EventRow>(db, eventSql, pageSize, (r) => r.global_position);
  let entry = await nextOf(entries);
  let event = await nextOf(events);
  while (entry !== null || event !== null) {
    const entryPosition = entry === null ? null : Number(entry.global_position);
    const eventPosition = event === null ? null : Number(event.global_position);
    if (entry !== null && (eventPosition === null || entryPosition! <= eventPosition)) {
      const inOrder = walk.checkEntry(entry);
      if (inOrder) walk.compare(entry, entryPosition === eventPosition ? event : null);
      if (inOrder && entryPosition === eventPosition) event = await nextOf(events);
      entry = await nextOf(entries);
      if (walk.sealedCount % pageSize === 0)
        onProgress({ chain: 'global', checked: walk.sealedCount });
    } else {
      walk.unsealed(event!);
      event = await nextOf(events);
    }
  }
  if (walk.sealedCount % pageSize !== 0 || walk.sealedCount === 0)
    onProgress({ chain: 'global', checked: walk.sealedCount });
  return walk.finish();
}

/** The state of one walk: the chain so far and what is known about the kept heads. */
class ChainWalk {
  sealedCount = 0;
  private unsealedCount = 0;
  private previousHash = chainGenesis;
  private previousSequence = 0;
  private previousPosition: number | null = null;
  private readonly outcomes = new Map<number, KeptHeadOutcome>();

  constructor(
    private readonly report: (problem: IntegrityProblem) => void,
    private readonly keptHeads: KeptHead[],
    private readonly sealedMax: number | null,
  ) {}

  /** Links the entry to the chain; false when it is out of position order (not compared then). */
  checkEntry(row: EntryRow): boolean {
    const facts = factsOf(row);
    const base = this.base(facts.globalPosition, facts.eventId);
    this.sealedCount++;
    if (facts.sequence !== this.previousSequence + 1)
      this.report({
        ...base,
        fault: facts.sequence > this.previousSequence + 1 ? 'missing' : 'reordered',
        detail: `seal entry ${facts.sequence} follows entry ${this.previousSequence}: entries ${this.previousSequence + 1}..${facts.sequence - 1} are gone`,
      });
    if (globalLink(this.previousHash, facts) !== row.global_hash)
      this.report({
        ...base,
        fault: 'altered',
        detail: `seal entry ${facts.sequence} does not match the chain before it`,
      });
    const inOrder = this.previousPosition === null || facts.globalPosition > this.previousPosition;
    if (!inOrder)
      this.report({
        ...base,
        fault: 'reordered',
        detail: `seal entry ${facts.sequence} is at a position before the entry ahead of it (${this.previousPosition})`,
      });
    this.previousHash = row.global_hash;
    this.previousSequence = facts.sequence;
    if (inOrder) this.previousPosition = facts.globalPosition;
    this.settleKeptHeads(facts.globalPosition, row.global_hash);
    return inOrder;
  }

  /** The event now at a sealed position against what was sealed there. */
  compare(row: EntryRow, event: EventRow | null): void {
    const base = this.base(Number(row.global_position), row.event_id);
    if (event === null) {
      this.report({
        ...base,
        fault: 'missing',
        detail: `the sealed event (stream ${row.stream_id} version ${row.stream_version}) is gone from its global position`,
      });
      return;
    }
    const difference = differenceOf(row, event);
    if (difference !== null) this.report({ ...base, ...difference });
  }

  /** An event with no seal entry: the newest not sealed yet, or one put into the sealed range. */
  unsealed(event: EventRow): void {
    const position = Number(event.global_position);
    if (this.sealedMax === null || position > this.sealedMax) {
      this.unsealedCount++;
      return;
    }
    this.report({
      ...this.base(position, event.event_id),
      streamId: event.stream_id,
      streamVersion: Number(event.stream_version),
      fault: 'inserted',
      detail: `the event is not in the global seal, which covers every event through global position ${this.sealedMax}: it was put into the log after it was sealed`,
    });
  }

  finish(): GlobalWalk {
    const keptHeads = this.keptHeads.map(
      (head) => this.outcomes.get(head.position) ?? { ...head, outcome: 'beyond' as const },
    );
    this.reportKeptHeads(keptHeads);
    return {
      sealedCount: this.sealedCount,
      sealedThroughPosition: this.previousPosition,
      unsealedCount: this.unsealedCount,
      headHash: this.sealedCount === 0 ? null : this.previousHash,
      keptHeads,
    };
  }

  private settleKeptHeads(position: number, hash: string): void {
    for (const head of this.keptHeads) {
      if (this.outcomes.has(head.position) || position < head.position) continue;
      const outcome =
        position > head.position ? 'absent' : hash === head.hash ? 'extended' : 'diverged';
      this.outcomes.set(head.position, { ...head, outcome });
    }
  }

  private reportKeptHeads(outcomes: KeptHeadOutcome[]): void {
    const sorted = [...outcomes].sort((a, b) => a.position - b.position);
    let lastGood: number | null = null;
    for (const head of sorted) {
      if (head.outcome === 'extended') {
        lastGood = head.position;
        continue;
      }
      const since =
        lastGood === null
          ? `at or before global position ${head.position}`
          : `after global position ${lastGood} (the kept head there still holds) and at or before ${head.position}`;
      this.report({
        ...this.base(head.position, null),
        fault: head.outcome === 'beyond' ? 'missing' : 'diverged',
        detail: keptHeadDetail(head, this.previousPosition, since),
      });
    }
  }

  private base(globalPosition: number, eventId: string | null) {
    return {
      chain: 'global' as const,
      eventId,
      streamId: null,
      streamVersion: null,
      globalPosition,
    };
  }
}

function keptHeadDetail(
  head: KeptHeadOutcome,
  sealedThrough: number | null,
  since: string,
): string {
  const kept = `the kept head ${head.position}:${head.hash.slice(0, 12)}…`;
  if (head.outcome === 'beyond')
    return `${kept} is beyond the end of the chain (sealed through ${sealedThrough ?? 'nothing'}): the log was cut back ${since}, or the seal has not reached it yet`;
  if (head.outcome === 'absent')
    return `${kept} is gone: no sealed event at that position any more, so the chain was rewritten ${since}`;
  return `the chain at that position no longer hashes to ${kept}: history was rewritten ${since}`;
}

/** How the event now at a sealed position differs from the sealed facts; null when it does not. */
function differenceOf(
  row: EntryRow,
  event: EventRow,
): Pick<IntegrityProblem, 'fault' | 'detail'> | null {
  if (event.event_id !== row.event_id)
    return {
      fault: 'reordered',
      detail: `event ${event.event_id} now sits where ${row.event_id} was sealed`,
    };
  if (event.stream_id !== row.stream_id || event.stream_version !== row.stream_version)
    return {
      fault: 'reordered',
      detail: `sealed as stream ${row.stream_id} version ${row.stream_version}, now stream ${event.stream_id} version ${event.stream_version}`,
    };
  if (event.content_hash !== row.content_hash)
    return {
      fault: 'altered',
      detail:
        'its content hash differs from the sealed one: the event was changed after it was sealed',
    };
  if (event.transaction_id !== row.transaction_id || event.recorded_at !== row.recorded_at)
    return {
      fault: 'altered',
      detail: `its transaction or commit time differs from the sealed one (${row.transaction_id} at ${row.recorded_at})`,
    };
  return null;
}
