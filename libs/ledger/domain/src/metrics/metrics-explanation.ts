import { daysBetween, requireIsoDate } from '../shared/business-date';
import type { BalancesState, InvoiceBalance } from '../balances/balances.state';
import { fullyPaidOnAsOf, invoiceOpenAsOf } from '../balances/balances.query';
import type { DisputeActivityState } from './dispute-activity.projection';
import { discrepancyReasons, invoicesIssuedIn, type DiscrepancyReason } from './discrepancy-rate';

interface InvoiceRef {
  invoiceId: string;
  number: string;
  billingAccountId: string;
  currency: string;
}

/** The invoices behind each metric, so every figure can be checked by hand (`?explain=true`). */
export interface MetricsExplanation {
  paymentTurnaround: Array<InvoiceRef & { issueDate: string; fullyPaidOn: string; days: number }>;
  overdue: Array<InvoiceRef & { dueDate: string; amountOpen: string; overdue: boolean }>;
  disputes: Array<InvoiceRef & { disputeIds: string[] }>;
  discrepancy: Array<InvoiceRef & { issueDate: string; reasons: DiscrepancyReason[] }>;
  /** Behind collection effectiveness and DSO: the period's credit sales and ending receivables. */
  creditSales: Array<InvoiceRef & { issueDate: string; total: string }>;
  endingReceivables: Array<InvoiceRef & { dueDate: string; amountOpen: string }>;
}

const refOf = (invoice: InvoiceBalance): InvoiceRef => ({
  invoiceId: invoice.invoiceId,
  number: invoice.number,
  billingAccountId: invoice.billingAccountId,
  currency: invoice.currency,
});

const byNumber = <T extends InvoiceRef>(rows: T[]): T[] =>
  rows.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));

/**
 * Lists, for each figure of `billingMetrics`, `discrepancyRate` and the collection figures, the
 * invoices it counts, by the same rules: turnaround and overdue as they stood at the end of `to`,
 * discrepancy and credit sales over [from, to].
 */
export function explainMetrics(
  balances: BalancesState,
  disputes: DisputeActivityState,
  params: { from: string; to: string; billingAccountId?: string },
): MetricsExplanation {
  const to = requireIsoDate(params.to, 'to');
  const mine = (invoice: InvoiceBalance) =>
    params.billingAccountId === undefined || invoice.billingAccountId === params.billingAccountId;
  const issuedByEnd = Object.values(balances.invoices).filter(
    (invoice) => mine(invoice) && invoice.issueDate <= to,
  );
  const inPeriod = invoicesIssuedIn(balances, params);
  return {
    paymentTurnaround: byNumber(
      issuedByEnd.flatMap((invoice) => {
        const fullyPaidOn = fullyPaidOnAsOf(invoice, to);
        if (fullyPaidOn === null) return [];
        const days = daysBetween(invoice.issueDate, fullyPaidOn);
        return [{ ...refOf(invoice), issueDate: invoice.issueDate, fullyPaidOn, days }];
      }),
    ),
    overdue: byNumber(openAt(issuedByEnd, to, (invoice) => ({ overdue: invoice.dueDate < to }))),
    disputes: byNumber(disputedInvoices(issuedByEnd, disputes, to)),
    discrepancy: byNumber(
      inPeriod.flatMap((invoice) => {
        const reasons = discrepancyReasons(invoice, to);
        return reasons.length === 0
          ? []
          : [{ ...refOf(invoice), issueDate: invoice.issueDate, reasons }];
      }),
    ),
    creditSales: byNumber(
      inPeriod
        .filter(
          (invoice) => !invoice.movements.some((m) => m.kind === 'voided' && m.businessDate <= to),
        )
        .map((invoice) => ({
          ...refOf(invoice),
          issueDate: invoice.issueDate,
          total: invoice.total,
        })),
    ),
    endingReceivables: byNumber(openAt(issuedByEnd, to, () => ({}))),
  };
}

function openAt<T extends object>(
  invoices: InvoiceBalance[],
  asOf: string,
  extra: (invoice: InvoiceBalance) => T,
): Array<InvoiceRef & { dueDate: string; amountOpen: string } & T> {
  return invoices.flatMap((invoice) => {
    const open = invoiceOpenAsOf(invoice, asOf);
    if (!open.isPositive()) return [];
    return [
      { ...refOf(invoice), dueDate: invoice.dueDate, amountOpen: open.amount, ...extra(invoice) },
    ];
  });
}

function disputedInvoices(
  issued: InvoiceBalance[],
  disputes: DisputeActivityState,
  asOf: string,
): MetricsExplanation['disputes'] {
  const byInvoice = new Map<string, string[]>();
  for (const dispute of Object.values(disputes.disputes)) {
    if (dispute.openedOn > asOf) continue;
    byInvoice.set(dispute.invoiceId, [
      ...(byInvoice.get(dispute.invoiceId) ?? []),
      dispute.disputeId,
    ]);
  }
  return issued.flatMap((invoice) => {
    const disputeIds = byInvoice.get(invoice.invoiceId);
    return disputeIds ? [{ ...refOf(invoice), disputeIds: disputeIds.sort() }] : [];
  });
}
