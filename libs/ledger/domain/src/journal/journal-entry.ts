import { invariant } from '@billing/kernel';
import { isZeroAmount, signOfAmount, sumAmounts } from '../shared/amounts';
import type { LedgerAccountId } from './chart-of-accounts';

export type EntrySide = 'debit' | 'credit';

export interface JournalLine {
  ledgerAccount: LedgerAccountId;
  side: EntrySide;
  /** Positive decimal string in the entry's currency. */
  amount: string;
}

/** One balanced double entry, posted for one event. */
export interface JournalEntry {
  /** The id of the event that caused it: one event posts at most one entry. */
  entryId: string;
  eventId: string;
  eventType: string;
  globalPosition: number;
  billingAccountId: string;
  currency: string;
  /** The business date the entry belongs to. */
  businessDate: string;
  /** The document it concerns, e.g. `invoice INV-2026-000001`, `payment BANK-REF-1`. */
  reference: string;
  lines: JournalLine[];
}

/** debit/credit line; zero amounts are left out (a tax-free invoice has no tax line). */
export function line(ledgerAccount: LedgerAccountId, side: EntrySide, amount: string): JournalLine {
  return { ledgerAccount, side, amount };
}

/**
 * An entry is accepted only when every line is positive and debits equal credits exactly. A
 * failure is a bug (or an event whose figures contradict each other) and stops the fold loudly
 * rather than posting a trial balance that no longer nets to zero.
 */
export function assertBalanced(entry: JournalEntry): void {
  invariant(entry.lines.length >= 2, `entry ${entry.entryId} needs at least two lines`);
  const debits: string[] = [];
  const credits: string[] = [];
  for (const { amount, side, ledgerAccount } of entry.lines) {
    invariant(
      signOfAmount(amount, entry.currency) > 0,
      `entry ${entry.entryId}: ${ledgerAccount} ${side} ${amount} must be positive`,
    );
    (side === 'debit' ? debits : credits).push(amount);
  }
  const debitTotal = sumAmounts(debits, entry.currency);
  const creditTotal = sumAmounts(credits, entry.currency);
  invariant(
    debitTotal === creditTotal,
    `entry ${entry.entryId} (${entry.eventType}) is unbalanced: debits ${debitTotal} ${entry.currency}, credits ${creditTotal} ${entry.currency}`,
  );
}

/** Drops zero-amount lines, keeping the order of the rest. */
export function withoutZeroLines(lines: JournalLine[], currency: string): JournalLine[] {
  return lines.filter((l) => !isZeroAmount(l.amount, currency));
}
