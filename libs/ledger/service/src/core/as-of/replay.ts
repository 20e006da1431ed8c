import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import {
  auditTimelineProjection,
  auditTrailProjection,
  balancesProjection,
  disputeActivityProjection,
  journalProjection,
  ledgerProjection,
  statementProjection,
  type AsOf,
  type BalancesState,
  type DisputeActivityState,
  type JournalEntry,
  type JournalState,
  type LedgerState,
  type Projection,
} from '@billing/ledger-domain';
import { foldAccountEventsCached } from './account-event-cache';
import { readLog } from '../log/log-reader';
import { liveVersion } from '../registry/projection-registry';
import { qualifiedName } from '../tables/table-spec';

/** Events per read of a whole-log replay. */
const replayPageSize = 20_000;

export interface ReplayOptions {
  db: SqlExecutor;
  upcasters?: UpcasterRegistry;
}

/** Where a replay stood: the moment asked for and what it actually folded. */
export interface Replayed {
  asOf: AsOf | null;
  /**
   * The log position the answer was computed at: the position asked for, or the highest global
   * position committed by the commit time asked for, or (without asOf) the head of the log.
   */
  position: number;
  eventsReplayed: number;
}

/**
 * The highest global position in the log at `asOf`. For a commit time, a backward walk of the
 * primary key from the head to the first event committed by then (the highest such position,
 * whatever the commit order of concurrent writers): cheap for recent moments, a scan of what
 * came after for old ones.
 */
export async function logPositionAt(db: SqlExecutor, asOf: AsOf | undefined): Promise<number> {
  if (asOf && 'position' in asOf) return asOf.position;
  const { rows } = asOf
    ? await db.query<{ position: string | null }>(
        `SELECT global_position::text AS position FROM event_store.events
          WHERE date_trunc('milliseconds', recorded_at) <= $1::timestamptz
          ORDER BY global_position DESC LIMIT 1`,
        [asOf.recordedAt],
      )
    : await db.query<{ position: string | null }>(
        `SELECT max(global_position)::text AS position FROM event_store.events
          WHERE transaction_id < (SELECT event_store.safe_horizon())`,
      );
  return Number(rows[0]?.position ?? 0);
}

async function replayedAt(
  db: SqlExecutor,
  asOf: AsOf | undefined,
  eventsReplayed: number,
): Promise<Replayed> {
  return { asOf: asOf ?? null, position: await logPositionAt(db, asOf), eventsReplayed };
}

/** A part of the ledger state to replay; `timeline` is the audit trail's entries alone. */
export type LedgerPart = keyof LedgerState | 'timeline';

const partProjections: {
  [K in LedgerPart]: { state: keyof LedgerState; projection: Projection<unknown> };
} = {
  journal: { state: 'journal', projection: journalProjection as Projection<unknown> },
  balances: { state: 'balances', projection: balancesProjection as Projection<unknown> },
  statement: { state: 'statement', projection: statementProjection as Projection<unknown> },
  auditTrail: { state: 'auditTrail', projection: auditTrailProjection as Projection<unknown> },
  timeline: { state: 'auditTrail', projection: auditTimelineProjection as Projection<unknown> },
  disputes: { state: 'disputes', projection: disputeActivityProjection as Projection<unknown> },
};

/**
 * The ledger read models `parts` of one billing account as they stood at `asOf`, folded by the
 * domain projections from that account's events in the log (found through the account index; the
 * live read-model tables are not read), batch by batch as they arrive. Parts not asked for stay
 * empty, and only the event types the asked parts handle are read (all of them for the audit
 * trail). Without `asOf`: as of now.
 */
export async function replayAccount(
  options: ReplayOptions & {
    billingAccountId: string;
    asOf?: AsOf;
    parts: readonly LedgerPart[];
  },
): Promise<{ state: LedgerState; replayed: Replayed }> {
  const index = await liveVersion(options.db, 'account_index');
  if (index === null)
    throw new Error('The ledger has no account index yet: start the ledger service once');
  const parts = [...new Set(options.parts)].map((part) => partProjections[part]);
  if (new Set(parts.map((p) => p.state)).size < parts.length)
    throw new RangeError('A replay folds each part of the ledger state at most once');
  const projections = parts.map((part) => part.projection);
  const types = projections.every((p) => p.handles !== undefined)
    ? [...new Set(projections.flatMap((p) => [...(p.handles as ReadonlySet<string>)]))]
    : undefined;
  let state = ledgerProjection.initial();
  const count = await foldAccountEventsCached(
    options.db,
    {
      billingAccountId: options.billingAccountId,
      index: {
        table: qualifiedName('account_events', index.version),
        checkpoint: index.checkpoint,
      },
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(types ? { types } : {}),
      ...(options.upcasters ? { upcasters: options.upcasters } : {}),
    },
    {
      fold: (events) => {
        for (const part of parts) part.projection.foldInto(state[part.state], events);
      },
      restart: () => {
        state = ledgerProjection.initial();
      },
    },
  );
  return { state, replayed: await replayedAt(options.db, options.asOf, count) };
}

export interface LogReplay {
  journal?: JournalState;
  balances?: BalancesState;
  disputes?: DisputeActivityState;
  replayed: Replayed;
}

/**
 * Some ledger read models over the whole log as it stood at `asOf`, folded in place page by page
 * with only the event types they need. The journal's entries are kept only when `keepEntry`
 * wants them (a page of the journal); its totals are always complete.
 */
export async function replayLog(
  options: ReplayOptions & {
    asOf?: AsOf;
    parts: { journal?: boolean; balances?: boolean; disputes?: boolean };
    keepEntry?: (entry: JournalEntry) => boolean;
  },
): Promise<LogReplay> {
  const projections = [
    options.parts.journal ? journalProjection : null,
    options.parts.balances ? balancesProjection : null,
    options.parts.disputes ? disputeActivityProjection : null,
  ];
  const types = new Set<string>();
  for (const p of projections) for (const t of p?.handles ?? []) types.add(t);
  const journal = options.parts.journal ? journalProjection.initial() : undefined;
  const balances = options.parts.balances ? balancesProjection.initial() : undefined;
  const disputes = options.parts.disputes ? disputeActivityProjection.initial() : undefined;
  const kept: JournalEntry[] = [];
  let count = 0;
  for await (const page of readLog(options.db, {
    after: '',
    pageSize: replayPageSize,
    types: [...types],
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.upcasters ? { upcasters: options.upcasters } : {}),
  })) {
    if (journal) {
      journalProjection.foldInto(journal, page.events);
      for (const entry of journal.entries) if (options.keepEntry?.(entry)) kept.push(entry);
      journal.entries.length = 0;
    }
    if (balances) balancesProjection.foldInto(balances, page.events);
    if (disputes) disputeActivityProjection.foldInto(disputes, page.events);
    count += page.events.length;
  }
  if (journal) journal.entries.push(...kept);
  return {
    ...(journal ? { journal } : {}),
    ...(balances ? { balances } : {}),
    ...(disputes ? { disputes } : {}),
    replayed: await replayedAt(options.db, options.asOf, count),
  };
}

/** The billing account a payment belongs to, from the first event of its stream. */
export async function accountOfPayment(db: SqlExecutor, paymentId: string): Promise<string | null> {
  const { rows } = await db.query<{ billing_account_id: string | null }>(
    `SELECT data->>'billingAccountId' AS billing_account_id FROM event_store.events
      WHERE stream_id = $1 ORDER BY stream_version LIMIT 1`,
    [`payment-${paymentId}`],
  );
  return rows[0]?.billing_account_id ?? null;
}
