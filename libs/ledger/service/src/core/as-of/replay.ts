import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import {
  balancesProjection,
  disputeActivityProjection,
  journalProjection,
  ledgerProjection,
  type AsOf,
  type BalancesState,
  type DisputeActivityState,
  type JournalEntry,
  type JournalState,
  type LedgerEvent,
  type LedgerState,
} from '@billing/ledger-domain';
import { readAccountEvents, readLog } from '../log/log-reader';
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
  /** The position asked for, or else the highest position among the events folded. */
  position: number;
  eventsReplayed: number;
}

function replayedAt(asOf: AsOf | undefined, events: readonly LedgerEvent[]): Replayed {
  let highest = 0;
  for (const event of events) if (event.globalPosition > highest) highest = event.globalPosition;
  return {
    asOf: asOf ?? null,
    position: asOf && 'position' in asOf ? asOf.position : highest,
    eventsReplayed: events.length,
  };
}

/**
 * Every ledger read model of one billing account as it stood at `asOf`, folded by the domain
 * projections from that account's events in the log (found through the account index; the live
 * read-model tables are not read). Without `asOf`: as of now.
 */
export async function replayAccount(
  options: ReplayOptions & { billingAccountId: string; asOf?: AsOf },
): Promise<{ state: LedgerState; events: LedgerEvent[]; replayed: Replayed }> {
  const index = await liveVersion(options.db, 'account_index');
  if (index === null)
    throw new Error('The ledger has no account index yet: start the ledger service once');
  const events = await readAccountEvents(options.db, {
    billingAccountId: options.billingAccountId,
    index: { table: qualifiedName('account_events', index.version), checkpoint: index.checkpoint },
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.upcasters ? { upcasters: options.upcasters } : {}),
  });
  const state = ledgerProjection.initial();
  ledgerProjection.foldInto(state, events);
  return { state, events, replayed: replayedAt(options.asOf, events) };
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
  let highest = 0;
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
    for (const event of page.events)
      if (event.globalPosition > highest) highest = event.globalPosition;
  }
  if (journal) journal.entries.push(...kept);
  return {
    ...(journal ? { journal } : {}),
    ...(balances ? { balances } : {}),
    ...(disputes ? { disputes } : {}),
    replayed: {
      asOf: options.asOf ?? null,
      position: options.asOf && 'position' in options.asOf ? options.asOf.position : highest,
      eventsReplayed: count,
    },
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
