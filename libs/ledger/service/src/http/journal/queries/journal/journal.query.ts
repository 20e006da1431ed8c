import {
  entriesForAccount,
  type AsOf,
  type JournalEntry,
  type LedgerAccountId,
} from '@billing/ledger-domain';
import { replayAccount, replayLog } from '../../../../core/as-of/replay';
import {
  pageLimitMax,
  pageOf,
  type ComputedAt,
  type LedgerQueryContext,
  type Page,
} from '../../../../core/queries/ledger-query-context';

export interface JournalParams {
  billingAccountId?: string;
  afterPosition?: number;
  limit: number;
  asOf?: AsOf;
}

/** Journal entries in global order, optionally of one account, a page at a time. */
export async function journalQuery(
  ledger: LedgerQueryContext,
  params: JournalParams,
): Promise<Page<JournalEntry> & { computedAt: ComputedAt }> {
  const after = params.afterPosition ?? 0;
  const limit = Math.min(params.limit, pageLimitMax);
  if (params.asOf) return journalReplayed(ledger, { ...params, asOf: params.asOf }, after, limit);
  const { tables, computedAt } = await ledger.live('journal');
  const lines = tables('journal_lines', 'journal');
  const { rows } = await ledger.db.query<JournalLineRow>(
    `WITH entries AS (
       SELECT DISTINCT global_position FROM ${lines}
        WHERE global_position > $1 AND ($2::text IS NULL OR billing_account_id = $2)
        ORDER BY global_position LIMIT $3)
     SELECT l.global_position::text AS global_position, l.line_no, l.event_id, l.event_type,
            l.billing_account_id, l.currency, l.business_date, l.reference, l.ledger_account,
            l.side, l.amount::text AS amount
       FROM ${lines} l JOIN entries USING (global_position)
      ORDER BY l.global_position, l.line_no`,
    [after, params.billingAccountId ?? null, limit + 1],
  );
  return { ...pageOf(entriesOfLines(rows), limit, (e) => e.globalPosition), computedAt };
}

async function journalReplayed(
  ledger: LedgerQueryContext,
  params: JournalParams & { asOf: AsOf },
  after: number,
  limit: number,
): Promise<Page<JournalEntry> & { computedAt: ComputedAt }> {
  const wanted = (e: JournalEntry) => e.globalPosition > after;
  if (params.billingAccountId !== undefined) {
    const { state, replayed } = await replayAccount({
      ...ledger.replayOptions(),
      billingAccountId: params.billingAccountId,
      asOf: params.asOf,
      parts: ['journal'],
    });
    const entries = entriesForAccount(state.journal, params.billingAccountId)
      .filter(wanted)
      .sort((a, b) => a.globalPosition - b.globalPosition);
    return {
      ...pageOf(entries, limit, (e) => e.globalPosition),
      computedAt: { source: 'replay', ...replayed },
    };
  }
  const replay = await replayLog({
    ...ledger.replayOptions(),
    asOf: params.asOf,
    parts: { journal: true },
    keepEntry: wanted,
  });
  const entries = (replay.journal?.entries ?? []).sort(
    (a, b) => a.globalPosition - b.globalPosition,
  );
  return {
    ...pageOf(entries, limit, (e) => e.globalPosition),
    computedAt: { source: 'replay', ...replay.replayed },
  };
}

interface JournalLineRow {
  global_position: string;
  line_no: number;
  event_id: string;
  event_type: string;
  billing_account_id: string;
  currency: string;
  business_date: string;
  reference: string;
  ledger_account: LedgerAccountId;
  side: 'debit' | 'credit';
  amount: string;
}

function entriesOfLines(rows: readonly JournalLineRow[]): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const row of rows) {
    const position = Number(row.global_position);
    let entry = entries[entries.length - 1];
    if (entry === undefined || entry.globalPosition !== position) {
      entry = {
        entryId: row.event_id,
        eventId: row.event_id,
        eventType: row.event_type,
        globalPosition: position,
        billingAccountId: row.billing_account_id,
        currency: row.currency,
        businessDate: row.business_date,
        reference: row.reference,
        lines: [],
      };
      entries.push(entry);
    }
    entry.lines.push({ ledgerAccount: row.ledger_account, side: row.side, amount: row.amount });
  }
  return entries;
}
