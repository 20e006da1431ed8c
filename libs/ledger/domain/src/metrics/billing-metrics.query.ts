import { Money, MoneyDecimal } from '@billing/money';
import { invariant } from '@billing/kernel';
import { addDays, daysBetween, requireIsoDate } from '../shared/business-date';
import type { BalancesState, InvoiceBalance } from '../balances/balances.state';
import { fullyPaidOnAsOf, invoiceOpenAsOf } from '../balances/balances.query';
import type { DisputeActivityState, DisputeRecord } from './dispute-activity.projection';

type DecimalInput = number | InstanceType<typeof MoneyDecimal>;

/** Ratios and averages are decimal strings with two decimals, rounded half-even. */
const DECIMALS = 2;

function average(sum: number, count: number): string | null {
  return count === 0 ? null : new MoneyDecimal(sum).dividedBy(count).toFixed(DECIMALS);
}

function percent(part: DecimalInput, whole: DecimalInput): string | null {
  const denominator = new MoneyDecimal(whole);
  if (denominator.isZero()) return null;
  return new MoneyDecimal(part).times(100).dividedBy(denominator).toFixed(DECIMALS);
}

function invoicesIn(
  balances: BalancesState,
  billingAccountId: string | undefined,
): InvoiceBalance[] {
  return Object.values(balances.invoices).filter(
    (invoice) => billingAccountId === undefined || invoice.billingAccountId === billingAccountId,
  );
}

export interface BillingMetrics {
  asOf: string;
  paymentTurnaround: {
    /** Invoices fully paid (by payments) on or before `asOf`. */
    invoicesFullyPaid: number;
    /** Mean days from issue date to the day the invoice became fully paid. */
    averageDays: string | null;
  };
  overdue: {
    /** Invoices with an open amount at the end of `asOf`. */
    invoicesOpen: number;
    /** Of those, the ones past their due date. */
    invoicesOverdue: number;
    invoiceSharePercent: string | null;
    amounts: Array<{
      currency: string;
      amountOpen: string;
      amountOverdue: string;
      amountSharePercent: string | null;
    }>;
  };
  disputes: {
    invoicesIssued: number;
    invoicesDisputed: number;
    /** Disputed invoices / issued invoices × 100. */
    disputeRatePercent: string | null;
    disputesResolved: number;
    averageDaysToResolve: string | null;
  };
}

/**
 * The figures a billing coordinator tracks, as they stood at the end of business date `asOf`,
 * for every account or one. Point in time by business date; combine with `replayAsOf` to see
 * them as the ledger knew them at an earlier log position.
 */
export function billingMetrics(
  balances: BalancesState,
  disputes: DisputeActivityState,
  params: { asOf: string; billingAccountId?: string },
): BillingMetrics {
  const asOf = requireIsoDate(params.asOf, 'asOf');
  const issued = invoicesIn(balances, params.billingAccountId).filter(
    (invoice) => invoice.issueDate <= asOf,
  );
  return {
    asOf,
    paymentTurnaround: turnaround(issued, asOf),
    overdue: overdue(issued, asOf),
    disputes: disputeFigures(
      issued,
      Object.values(disputes.disputes),
      asOf,
      params.billingAccountId,
    ),
  };
}

function turnaround(issued: InvoiceBalance[], asOf: string): BillingMetrics['paymentTurnaround'] {
  let invoicesFullyPaid = 0;
  let days = 0;
  for (const invoice of issued) {
    const paidOn = fullyPaidOnAsOf(invoice, asOf);
    if (paidOn === null) continue;
    invoicesFullyPaid += 1;
    days += daysBetween(invoice.issueDate, paidOn);
  }
  return { invoicesFullyPaid, averageDays: average(days, invoicesFullyPaid) };
}

function overdue(issued: InvoiceBalance[], asOf: string): BillingMetrics['overdue'] {
  const byCurrency = new Map<string, { open: Money; overdue: Money }>();
  let invoicesOpen = 0;
  let invoicesOverdue = 0;
  for (const invoice of issued) {
    const open = invoiceOpenAsOf(invoice, asOf);
    if (!open.isPositive()) continue;
    const isOverdue = invoice.dueDate < asOf;
    invoicesOpen += 1;
    if (isOverdue) invoicesOverdue += 1;
    const zero = Money.zero(invoice.currency);
    const sums = byCurrency.get(invoice.currency) ?? { open: zero, overdue: zero };
    byCurrency.set(invoice.currency, {
      open: sums.open.add(open),
      overdue: isOverdue ? sums.overdue.add(open) : sums.overdue,
    });
  }
  const amounts = [...byCurrency.keys()].sort().map((currency) => {
    const sums = byCurrency.get(currency) as { open: Money; overdue: Money };
    return {
      currency,
      amountOpen: sums.open.amount,
      amountOverdue: sums.overdue.amount,
      amountSharePercent: percent(sums.overdue.toDecimal(), sums.open.toDecimal()),
    };
  });
  return {
    invoicesOpen,
    invoicesOverdue,
    invoiceSharePercent: percent(invoicesOverdue, invoicesOpen),
    amounts,
  };
}

function disputeFigures(
  issued: InvoiceBalance[],
  all: DisputeRecord[],
  asOf: string,
  billingAccountId: string | undefined,
): BillingMetrics['disputes'] {
  const opened = all.filter(
    (d) =>
      d.openedOn <= asOf &&
      (billingAccountId === undefined || d.billingAccountId === billingAccountId),
  );
  const issuedIds = new Set(issued.map((invoice) => invoice.invoiceId));
  const disputedInvoices = new Set(
    opened.map((d) => d.invoiceId).filter((id) => issuedIds.has(id)),
  );
  const resolved = opened.filter((d) => d.resolvedOn !== null && d.resolvedOn <= asOf);
  const days = resolved.reduce(
    (sum, d) => sum + daysBetween(d.openedOn, d.resolvedOn as string),
    0,
  );
  return {
    invoicesIssued: issued.length,
    invoicesDisputed: disputedInvoices.size,
    disputeRatePercent: percent(disputedInvoices.size, issued.length),
    disputesResolved: resolved.length,
    averageDaysToResolve: average(days, resolved.length),
  };
}

export interface CollectionEffectiveness {
  currency: string;
  /** Open at the end of the day before `from`. */
  beginningReceivables: string;
  /** Totals of invoices issued in the period, voided ones left out. */
  creditSales: string;
  /** Open at the end of `to`. */
  endingReceivables: string;
  /** Of the ending receivables, what is not yet past due at `to`. */
  endingCurrentReceivables: string;
  /** (B + S − E) / (B + S − E current) × 100; null when the denominator is zero. */
  ceiPercent: string | null;
}

/**
 * Collection effectiveness index per currency for the inclusive period [from, to]. As in the
 * usual definition, anything that lowers the ending receivables counts as collected, so credit
 * notes and write-offs raise the index; voided invoices are left out of credit sales.
 */
export function collectionEffectivenessIndex(
  balances: BalancesState,
  params: { from: string; to: string; billingAccountId?: string },
): CollectionEffectiveness[] {
  const from = requireIsoDate(params.from, 'from');
  const to = requireIsoDate(params.to, 'to');
  invariant(from <= to, `period starts ${from}, after it ends ${to}`);
  const dayBefore = addDays(from, -1);
  const sums = new Map<string, { b: Money; s: Money; e: Money; ec: Money }>();
  for (const invoice of invoicesIn(balances, params.billingAccountId)) {
    if (invoice.issueDate > to) continue;
    const zero = Money.zero(invoice.currency);
    const acc = sums.get(invoice.currency) ?? { b: zero, s: zero, e: zero, ec: zero };
    const endOpen = invoiceOpenAsOf(invoice, to);
    const voidedByEnd = invoice.movements.some((m) => m.kind === 'voided' && m.businessDate <= to);
    sums.set(invoice.currency, {
      b: invoice.issueDate <= dayBefore ? acc.b.add(invoiceOpenAsOf(invoice, dayBefore)) : acc.b,
      s:
        invoice.issueDate >= from && !voidedByEnd
          ? acc.s.add(Money.of(invoice.total, invoice.currency))
          : acc.s,
      e: acc.e.add(endOpen),
      ec: invoice.dueDate >= to ? acc.ec.add(endOpen) : acc.ec,
    });
  }
  return [...sums.keys()].sort().map((currency) => {
    const { b, s, e, ec } = sums.get(currency) as { b: Money; s: Money; e: Money; ec: Money };
    const numerator = b.add(s).subtract(e);
    const denominator = b.add(s).subtract(ec);
    return {
      currency,
      beginningReceivables: b.amount,
      creditSales: s.amount,
      endingReceivables: e.amount,
      endingCurrentReceivables: ec.amount,
      ceiPercent: percent(numerator.toDecimal(), denominator.toDecimal()),
    };
  });
}
