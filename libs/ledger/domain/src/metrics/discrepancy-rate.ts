import { MoneyDecimal } from '@billing/money';
import { requireIsoDate } from '../shared/business-date';
import type { BalancesState, InvoiceBalance } from '../balances/balances.state';

export type DiscrepancyReason = 'credited' | 'voided';

export interface DiscrepancyRate {
  /** Invoices issued in the period (by issue date). */
  invoicesIssued: number;
  /** Of those, the ones a credit note or a void had corrected by the end of the period. */
  invoicesCorrected: number;
  /** invoicesCorrected / invoicesIssued × 100; null with no invoice issued. */
  discrepancyRatePercent: string | null;
}

/** Why an invoice counts as needing a correction: its credit notes and void up to `to`. */
export function discrepancyReasons(invoice: InvoiceBalance, to: string): DiscrepancyReason[] {
  const kinds = new Set(invoice.movements.filter((m) => m.businessDate <= to).map((m) => m.kind));
  return (['credited', 'voided'] as const).filter((kind) => kinds.has(kind));
}

/** The invoices issued in [from, to], for every account or one. */
export function invoicesIssuedIn(
  balances: BalancesState,
  params: { from: string; to: string; billingAccountId?: string },
): InvoiceBalance[] {
  const from = requireIsoDate(params.from, 'from');
  const to = requireIsoDate(params.to, 'to');
  return Object.values(balances.invoices).filter(
    (invoice) =>
      invoice.issueDate >= from &&
      invoice.issueDate <= to &&
      (params.billingAccountId === undefined ||
        invoice.billingAccountId === params.billingAccountId),
  );
}

/**
 * The seeds' discrepancy rate: of the invoices issued in the period, the share that needed a
 * correction (a corrected invoice credits or voids the original) or a credit note by its end.
 */
export function discrepancyRate(
  balances: BalancesState,
  params: { from: string; to: string; billingAccountId?: string },
): DiscrepancyRate {
  const issued = invoicesIssuedIn(balances, params);
  const corrected = issued.filter((invoice) => discrepancyReasons(invoice, params.to).length > 0);
  return {
    invoicesIssued: issued.length,
    invoicesCorrected: corrected.length,
    discrepancyRatePercent:
      issued.length === 0
        ? null
        : new MoneyDecimal(corrected.length).times(100).dividedBy(issued.length).toFixed(2),
  };
}
