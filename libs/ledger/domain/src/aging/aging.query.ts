import { Money } from '@billing/money';
import { daysBetween, requireIsoDate } from '../shared/business-date';
import type { BalancesState, InvoiceBalance } from '../balances/balances.state';
import { byIssueDateThenNumber, invoiceOpenAsOf } from '../balances/balances.query';

export type AgingBucket = 'current' | 'days1To30' | 'days31To60' | 'days61To90' | 'over90';

export const agingBuckets: readonly AgingBucket[] = [
  'current',
  'days1To30',
  'days31To60',
  'days61To90',
  'over90',
];

/** The bucket of an amount `daysPastDue` days after its due date (0 or less: not yet due). */
export function agingBucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days1To30';
  if (daysPastDue <= 60) return 'days31To60';
  if (daysPastDue <= 90) return 'days61To90';
  return 'over90';
}

export type AgingAmounts = Record<AgingBucket, string> & { total: string };

export interface AgedInvoice {
  invoiceId: string;
  number: string;
  dueDate: string;
  daysPastDue: number;
  bucket: AgingBucket;
  amountOpen: string;
}

export interface AccountAging {
  billingAccountId: string;
  currency: string;
  buckets: AgingAmounts;
  invoices: AgedInvoice[];
}

export interface AgingReport {
  asOf: string;
  accounts: AccountAging[];
  /** Per currency over every listed account. */
  totals: Array<{ currency: string; buckets: AgingAmounts }>;
}

function emptyAmounts(currency: string): AgingAmounts {
  const zero = Money.zero(currency).amount;
  return {
    current: zero,
    days1To30: zero,
    days31To60: zero,
    days61To90: zero,
    over90: zero,
    total: zero,
  };
}

function addToBucket(amounts: AgingAmounts, bucket: AgingBucket, amount: Money): void {
  amounts[bucket] = Money.of(amounts[bucket], amount.currency).add(amount).amount;
  amounts.total = Money.of(amounts.total, amount.currency).add(amount).amount;
}

/**
 * Open receivables in aging buckets as they stood at the end of business date `asOf`: each
 * invoice issued by then, with its open amount as of that date (payments, credit notes and
 * write-offs dated after it do not count), aged by days past its due date. Invoices with nothing
 * open are left out. Optionally for one account.
 */
export function agingReport(
  state: BalancesState,
  params: { asOf: string; billingAccountId?: string },
): AgingReport {
  const asOf = requireIsoDate(params.asOf, 'asOf');
  const byAccount = new Map<string, AccountAging>();
  const candidates = Object.values(state.invoices)
    .filter(
      (invoice) =>
        params.billingAccountId === undefined ||
        invoice.billingAccountId === params.billingAccountId,
    )
    .filter((invoice) => invoice.issueDate <= asOf)
    .sort(byIssueDateThenNumber);
  for (const invoice of candidates) {
    const open = invoiceOpenAsOf(invoice, asOf);
    if (open.isZero()) continue;
    const key = `${invoice.billingAccountId}\u0000${invoice.currency}`;
    let aging = byAccount.get(key);
    if (aging === undefined) {
      aging = {
        billingAccountId: invoice.billingAccountId,
        currency: invoice.currency,
        buckets: emptyAmounts(invoice.currency),
        invoices: [],
      };
      byAccount.set(key, aging);
    }
    aging.invoices.push(aged(invoice, asOf, open));
    addToBucket(aging.buckets, agingBucketOf(daysBetween(invoice.dueDate, asOf)), open);
  }
  const accounts = [...byAccount.values()].sort((a, b) =>
    a.billingAccountId === b.billingAccountId
      ? compare(a.currency, b.currency)
      : compare(a.billingAccountId, b.billingAccountId),
  );
  return { asOf, accounts, totals: totalsPerCurrency(accounts) };
}

function aged(invoice: InvoiceBalance, asOf: string, open: Money): AgedInvoice {
  const daysPastDue = daysBetween(invoice.dueDate, asOf);
  return {
    invoiceId: invoice.invoiceId,
    number: invoice.number,
    dueDate: invoice.dueDate,
    daysPastDue: Math.max(daysPastDue, 0),
    bucket: agingBucketOf(daysPastDue),
    amountOpen: open.amount,
  };
}

function totalsPerCurrency(accounts: AccountAging[]): AgingReport['totals'] {
  const totals = new Map<string, AgingAmounts>();
  for (const account of accounts) {
    const sum = totals.get(account.currency) ?? emptyAmounts(account.currency);
    for (const bucket of agingBuckets)
      addToBucket(sum, bucket, Money.of(account.buckets[bucket], account.currency));
    totals.set(account.currency, sum);
  }
  return [...totals.keys()]
    .sort()
    .map((currency) => ({ currency, buckets: totals.get(currency) as AgingAmounts }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
