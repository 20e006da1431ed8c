import { Money } from '@billing/money';
import { invariant } from '@billing/kernel';
import { requireIsoDate } from '../shared/business-date';
import { own } from '../shared/records';
import type { StatementLine, StatementState } from './statement.projection';

export interface StatementRow extends StatementLine {
  runningBalance: string;
}

export interface CurrencyStatement {
  currency: string;
  openingBalance: string;
  lines: StatementRow[];
  /** Sum of the positive movements (invoices, reversals, refunds). */
  charges: string;
  /** Sum of the negative movements as a positive amount (payments, credits, write-offs, voids). */
  credits: string;
  closingBalance: string;
}

export interface CustomerStatement {
  billingAccountId: string;
  from: string;
  to: string;
  /** One section per currency the account has movements in, in code order. */
  currencies: CurrencyStatement[];
}

/** Business date first, then the global order, so equal dates list in the order they happened. */
function chronological(a: StatementLine, b: StatementLine): number {
  if (a.businessDate !== b.businessDate) return a.businessDate < b.businessDate ? -1 : 1;
  return a.globalPosition - b.globalPosition;
}

/**
 * The statement of an account for the inclusive business-date period [from, to]: opening balance
 * (everything dated before `from`), each movement with its reference and the running balance, and
 * the closing balance, which is computed separately over everything dated up to `to` and must
 * equal opening + movements.
 */
export function customerStatement(
  state: StatementState,
  billingAccountId: string,
  period: { from: string; to: string },
): CustomerStatement {
  const from = requireIsoDate(period.from, 'from');
  const to = requireIsoDate(period.to, 'to');
  invariant(from <= to, `statement period starts ${from}, after it ends ${to}`);
  const byCurrency = own(state.accounts, billingAccountId) ?? {};
  const currencies = Object.keys(byCurrency)
    .sort()
    .map((currency) => sectionFor(currency, byCurrency[currency] ?? [], from, to));
  return { billingAccountId, from, to, currencies };
}

function sectionFor(
  currency: string,
  all: StatementLine[],
  from: string,
  to: string,
): CurrencyStatement {
  const money = (amount: string) => Money.of(amount, currency);
  const lines = [...all].sort(chronological);
  const opening = Money.sum(
    lines.filter((l) => l.businessDate < from).map((l) => money(l.amount)),
    currency,
  );
  let running = opening;
  let charges = Money.zero(currency);
  let credits = Money.zero(currency);
  const rows: StatementRow[] = [];
  for (const line of lines.filter((l) => l.businessDate >= from && l.businessDate <= to)) {
    const amount = money(line.amount);
    running = running.add(amount);
    if (amount.isPositive()) charges = charges.add(amount);
    else credits = credits.subtract(amount);
    rows.push({ ...line, runningBalance: running.amount });
  }
  const closing = Money.sum(
    lines.filter((l) => l.businessDate <= to).map((l) => money(l.amount)),
    currency,
  );
  invariant(
    opening.add(charges).subtract(credits).equals(closing) && running.equals(closing),
    `statement in ${currency}: opening ${opening.amount} + movements does not reach closing ${closing.amount}`,
  );
  return {
    currency,
    openingBalance: opening.amount,
    lines: rows,
    charges: charges.amount,
    credits: credits.amount,
    closingBalance: closing.amount,
  };
}
