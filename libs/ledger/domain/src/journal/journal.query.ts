import { Money } from '@billing/money';
import { invariant } from '@billing/kernel';
import { ledgerAccountIds, ledgerAccounts, type LedgerAccountId } from './chart-of-accounts';
import type { JournalEntry } from './journal-entry';
import { own } from '../shared/records';
import type { JournalState } from './journal.projection';

export interface TrialBalanceRow {
  ledgerAccount: LedgerAccountId;
  name: string;
  debit: string;
  credit: string;
  /** debit − credit: positive for a debit balance, negative for a credit balance. */
  balance: string;
}

export interface TrialBalance {
  currency: string;
  rows: TrialBalanceRow[];
  debitTotal: string;
  creditTotal: string;
  /** Always zero: asserted here as well as after every posting. */
  net: string;
}

/** The trial balance per currency (currencies in code order, accounts in chart order). */
export function trialBalance(state: JournalState): TrialBalance[] {
  return Object.keys(state.totals)
    .sort()
    .map((currency) => {
      const totals = own(state.totals, currency) as JournalState['totals'][string];
      const rows = ledgerAccountIds.map((id): TrialBalanceRow => {
        const debit = Money.of(totals[id].debit, currency);
        const credit = Money.of(totals[id].credit, currency);
        return {
          ledgerAccount: id,
          name: ledgerAccounts[id].name,
          debit: debit.amount,
          credit: credit.amount,
          balance: debit.subtract(credit).amount,
        };
      });
      const debitTotal = Money.sum(
        rows.map((r) => Money.of(r.debit, currency)),
        currency,
      );
      const creditTotal = Money.sum(
        rows.map((r) => Money.of(r.credit, currency)),
        currency,
      );
      const net = debitTotal.subtract(creditTotal);
      invariant(net.isZero(), `trial balance in ${currency} nets to ${net.amount}`);
      return {
        currency,
        rows,
        debitTotal: debitTotal.amount,
        creditTotal: creditTotal.amount,
        net: net.amount,
      };
    });
}

/** The balance (debit − credit) of one ledger account in one currency; zero if never posted. */
export function ledgerAccountBalance(
  state: JournalState,
  currency: string,
  ledgerAccount: LedgerAccountId,
): string {
  const totals = own(state.totals, currency);
  if (totals === undefined) return Money.zero(currency).amount;
  return Money.of(totals[ledgerAccount].debit, currency).subtract(
    Money.of(totals[ledgerAccount].credit, currency),
  ).amount;
}

/** The entries of one billing account, in posting order. */
export function entriesForAccount(state: JournalState, billingAccountId: string): JournalEntry[] {
  return state.entries.filter((entry) => entry.billingAccountId === billingAccountId);
}
