import { sameAmount, sumDecimals } from '../lib/decimal';

interface ExplainedInvoice {
  invoiceId: string;
  number: string | null;
  billingAccountId: string;
  currency: string;
  amountOpen?: string;
  total?: string;
  days?: number;
}

export interface MetricsAnswer {
  from: string;
  to: string;
  metrics: {
    asOf: string;
    paymentTurnaround: { invoicesFullyPaid: number; averageDays: string | null };
    overdue: {
      invoicesOpen: number;
      invoicesOverdue: number;
      amounts: Array<{ currency: string; amountOpen: string; amountOverdue: string }>;
    };
  };
  discrepancy: {
    invoicesIssued: number;
    invoicesCorrected: number;
    discrepancyRatePercent: string | null;
  };
  collectionEffectiveness: Array<{
    currency: string;
    creditSales: string;
    endingReceivables: string;
    ceiPercent: string | null;
  }>;
  daysSalesOutstanding: Array<{ currency: string; dsoDays: string | null }>;
  explanation: Record<
    'paymentTurnaround' | 'overdue' | 'discrepancy' | 'creditSales' | 'endingReceivables',
    ExplainedInvoice[]
  >;
}

/** A figure of the dashboard and the invoices the server says are behind it. */
export interface MetricDrill {
  label: string;
  figure: string;
  rows: ExplainedInvoice[];
  /** What the rows add up to, in the figure's own terms (a count or a sum of amounts). */
  total: string;
  holds: boolean;
}

/**
 * `key` names a figure: `overdue:<currency>` (amount overdue), `sales:<currency>` (credit sales),
 * `receivables:<currency>` (ending receivables), `corrected` (invoices corrected), `paid`
 * (invoices fully paid). The rows are the server's own explanation of that figure.
 */
export function drillMetric(answer: MetricsAnswer, key: string): MetricDrill | undefined {
  const [kind, currency = ''] = key.split(':');
  const x = answer.explanation;
  const inCurrency = (rows: ExplainedInvoice[]) => rows.filter((r) => r.currency === currency);
  const cei = answer.collectionEffectiveness.find((c) => c.currency === currency);
  if (kind === 'overdue') {
    const figure = answer.metrics.overdue.amounts.find(
      (a) => a.currency === currency,
    )?.amountOverdue;
    return figure === undefined
      ? undefined
      : sumDrill(
          `Amount overdue (${currency})`,
          figure,
          inCurrency(x.overdue),
          (r) => r.amountOpen,
        );
  }
  if (kind === 'sales' && cei)
    return sumDrill(
      `Credit sales (${currency})`,
      cei.creditSales,
      inCurrency(x.creditSales),
      (r) => r.total,
    );
  if (kind === 'receivables' && cei)
    return sumDrill(
      `Ending receivables (${currency})`,
      cei.endingReceivables,
      inCurrency(x.endingReceivables),
      (r) => r.amountOpen,
    );
  if (kind === 'corrected')
    return countDrill('Invoices corrected', answer.discrepancy.invoicesCorrected, x.discrepancy);
  if (kind === 'paid')
    return countDrill(
      'Invoices fully paid',
      answer.metrics.paymentTurnaround.invoicesFullyPaid,
      x.paymentTurnaround,
    );
  return undefined;
}

function sumDrill(
  label: string,
  figure: string,
  rows: ExplainedInvoice[],
  amount: (r: ExplainedInvoice) => string | undefined,
): MetricDrill {
  const total = sumDecimals(rows.map((r) => amount(r) ?? '0'));
  return { label, figure, rows, total, holds: sameAmount(total, figure) };
}

function countDrill(label: string, figure: number, rows: ExplainedInvoice[]): MetricDrill {
  return {
    label,
    figure: String(figure),
    rows,
    total: String(rows.length),
    holds: rows.length === figure,
  };
}
