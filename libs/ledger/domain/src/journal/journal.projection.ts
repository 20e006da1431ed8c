import { invariant } from '@billing/kernel';
import {
  addToFigure,
  isZeroAmount,
  subtractAmounts,
  sumAmounts,
  zeroAmount,
} from '../shared/amounts';
import { asKnown, type LedgerEvent } from '../shared/ledger-event';
import { defineProjection } from '../shared/projection';
import { own, ownOrPut, put } from '../shared/records';
import { ledgerAccountIds, type LedgerAccountId } from './chart-of-accounts';
import { assertBalanced, type JournalEntry } from './journal-entry';
import { postingEventTypes, postingFor, type IssuedInvoiceFacts } from './posting-rules';

export interface AccountTotals {
  debit: string;
  credit: string;
}

/** An event the journal could not post, kept so an operator sees it instead of a silent gap. */
export interface SkippedEvent {
  eventId: string;
  eventType: string;
  globalPosition: number;
  reason: string;
}

export interface JournalState {
  /** Issued invoices by id (what a void must reverse). */
  invoices: Record<string, IssuedInvoiceFacts>;
  /** Running debit and credit totals per currency and ledger account. */
  totals: Record<string, Record<LedgerAccountId, AccountTotals>>;
  /** Every posted entry in posting order. The service persists and may trim this list. */
  entries: JournalEntry[];
  skipped: SkippedEvent[];
}

export const initialJournalState = (): JournalState => ({
  invoices: {},
  totals: {},
  entries: [],
  skipped: [],
});

function emptyTotals(currency: string): Record<LedgerAccountId, AccountTotals> {
  const zero = zeroAmount(currency);
  const totals = {} as Record<LedgerAccountId, AccountTotals>;
  for (const id of ledgerAccountIds) totals[id] = { debit: zero, credit: zero };
  return totals;
}

function rememberInvoice(draft: JournalState, event: LedgerEvent): void {
  const e = asKnown(event);
  if (e.type === 'InvoiceVoided') {
    const invoice = own(draft.invoices, e.data.invoiceId);
    if (invoice !== undefined) invoice.voided = true;
    return;
  }
  if (e.type !== 'InvoiceIssued') return;
  const d = e.data;
  put(draft.invoices, d.invoiceId, {
    billingAccountId: d.billingAccountId,
    currency: d.currency,
    number: d.number,
    subtotal: d.subtotal,
    taxTotal: d.taxTotal,
    total: d.total,
    issueDate: d.issueDate,
    voided: false,
  });
}

function post(draft: JournalState, entry: JournalEntry): void {
  assertBalanced(entry);
  const totals = ownOrPut(draft.totals, entry.currency, () => emptyTotals(entry.currency));
  for (const l of entry.lines) {
    addToFigure(totals[l.ledgerAccount], l.side, l.amount, entry.currency);
  }
  draft.entries.push(entry);
}

/**
 * Every entry is checked balanced before it posts, so the totals can only drift through a bug in
 * posting itself; this catches that once per folded batch (seven accounts per currency), before
 * the state is handed back or persisted, rather than after every entry of a long rebuild.
 */
function assertNetsToZero(draft: JournalState): void {
  for (const currency of Object.keys(draft.totals)) {
    const totals = own(draft.totals, currency) as Record<LedgerAccountId, AccountTotals>;
    assertCurrencyNetsToZero(totals, currency);
  }
}

function assertCurrencyNetsToZero(
  totals: Record<LedgerAccountId, AccountTotals>,
  currency: string,
): void {
  const debits = sumAmounts(
    ledgerAccountIds.map((id) => totals[id].debit),
    currency,
  );
  const credits = sumAmounts(
    ledgerAccountIds.map((id) => totals[id].credit),
    currency,
  );
  const net = subtractAmounts(debits, credits, currency);
  invariant(isZeroAmount(net, currency), `trial balance in ${currency} nets to ${net}`);
}

/** The double-entry journal and its running trial balance. */
export const journalProjection = defineProjection<JournalState>({
  name: 'journal',
  initial: initialJournalState,
  handles: postingEventTypes,
  settle: assertNetsToZero,
  mutate(draft, event) {
    const outcome = postingFor(event, draft.invoices);
    rememberInvoice(draft, event);
    if (outcome.kind === 'entry') post(draft, outcome.entry);
    if (outcome.kind === 'skipped') {
      draft.skipped.push({
        eventId: event.eventId,
        eventType: event.type,
        globalPosition: event.globalPosition,
        reason: outcome.reason,
      });
    }
  },
});
