import { MoneyDecimal } from '@billing/money';
import { daysBetween } from '../shared/business-date';
import type { CollectionEffectiveness } from './billing-metrics.query';

export interface DaysSalesOutstanding {
  currency: string;
  /** Open at the end of the period. */
  endingReceivables: string;
  /** Totals of invoices issued in the period, voided ones left out. */
  creditSales: string;
  /** Days in the period, both ends included. */
  days: number;
  /** endingReceivables / creditSales × days, two decimals; null without credit sales. */
  dsoDays: string | null;
}

/**
 * Days sales outstanding per currency by the period method: what is still owed at the end of
 * the period, in days of the period's credit sales. From the collection effectiveness figures,
 * so the two always rest on the same receivables and sales.
 */
export function daysSalesOutstanding(
  cei: CollectionEffectiveness[],
  period: { from: string; to: string },
): DaysSalesOutstanding[] {
  const days = daysBetween(period.from, period.to) + 1;
  return cei.map((row) => {
    const sales = new MoneyDecimal(row.creditSales);
    return {
      currency: row.currency,
      endingReceivables: row.endingReceivables,
      creditSales: row.creditSales,
      days,
      dsoDays: sales.isZero()
        ? null
        : new MoneyDecimal(row.endingReceivables).dividedBy(sales).times(days).toFixed(2),
    };
  });
}
