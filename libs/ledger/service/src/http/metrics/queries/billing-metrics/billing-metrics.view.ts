import type { DiscrepancyReason } from '@billing/ledger-domain';
import { ViewField } from '@billing/platform';
import { ComputedAtView } from '../../../shared/ledger.views';

/**
 * `/ledger/metrics`: ratios and averages are decimal strings with two decimals, null when their
 * denominator is zero.
 */
const percent = (description: string) =>
  ViewField.amount({ nullable: true, example: '12.50', description });

export class PaymentTurnaroundView {
  @ViewField.integer({ description: 'Invoices fully paid (by payments) by `asOf`' })
  invoicesFullyPaid!: number;
  @ViewField.amount({
    nullable: true,
    example: '21.50',
    description: 'Mean days from issue date to the day the invoice became fully paid',
  })
  averageDays!: string | null;
}

export class OverdueAmountsView {
  @ViewField.currency() currency!: string;
  @ViewField.amount() amountOpen!: string;
  @ViewField.amount() amountOverdue!: string;
  @percent('amountOverdue / amountOpen × 100') amountSharePercent!: string | null;
}

export class OverdueMetricsView {
  @ViewField.integer({ description: 'Invoices with an open amount at the end of `asOf`' })
  invoicesOpen!: number;
  @ViewField.integer({ description: 'Of those, the ones past their due date' })
  invoicesOverdue!: number;
  @percent('invoicesOverdue / invoicesOpen × 100') invoiceSharePercent!: string | null;
  @ViewField.list(() => OverdueAmountsView) amounts!: OverdueAmountsView[];
}

export class DisputeMetricsView {
  @ViewField.integer() invoicesIssued!: number;
  @ViewField.integer() invoicesDisputed!: number;
  @percent('invoicesDisputed / invoicesIssued × 100') disputeRatePercent!: string | null;
  @ViewField.integer() disputesResolved!: number;
  @ViewField.amount({ nullable: true, example: '6.00' }) averageDaysToResolve!: string | null;
}

/** The figures as they stood at the end of business date `asOf` (the period's `to`). */
export class BillingMetricsView {
  @ViewField.date() asOf!: string;
  @ViewField.nested(() => PaymentTurnaroundView) paymentTurnaround!: PaymentTurnaroundView;
  @ViewField.nested(() => OverdueMetricsView) overdue!: OverdueMetricsView;
  @ViewField.nested(() => DisputeMetricsView) disputes!: DisputeMetricsView;
}

export class DiscrepancyRateView {
  @ViewField.integer({ description: 'Invoices issued in the period' }) invoicesIssued!: number;
  @ViewField.integer({ description: 'Of those, corrected by a credit note or a void' })
  invoicesCorrected!: number;
  @percent('invoicesCorrected / invoicesIssued × 100') discrepancyRatePercent!: string | null;
}

export class CollectionEffectivenessView {
  @ViewField.currency() currency!: string;
  @ViewField.amount({ description: 'Open at the end of the day before `from`' })
  beginningReceivables!: string;
  @ViewField.amount({ description: 'Invoices issued in the period, voided ones left out' })
  creditSales!: string;
  @ViewField.amount({ description: 'Open at the end of `to`' }) endingReceivables!: string;
  @ViewField.amount({ description: 'Of the ending receivables, not yet past due' })
  endingCurrentReceivables!: string;
  @percent('(B + S − E) / (B + S − E current) × 100') ceiPercent!: string | null;
}

export class DaysSalesOutstandingView {
  @ViewField.currency() currency!: string;
  @ViewField.amount() endingReceivables!: string;
  @ViewField.amount() creditSales!: string;
  @ViewField.integer({ description: 'Days in the period, both ends included' }) days!: number;
  @ViewField.amount({
    nullable: true,
    example: '38.25',
    description: 'endingReceivables / creditSales × days; null without credit sales',
  })
  dsoDays!: string | null;
}

/** An invoice behind a figure. */
class ExplainedInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) number!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.currency() currency!: string;
}

export class TurnaroundInvoiceView extends ExplainedInvoiceView {
  @ViewField.date() issueDate!: string;
  @ViewField.date() fullyPaidOn!: string;
  @ViewField.integer() days!: number;
}

export class OverdueInvoiceView extends ExplainedInvoiceView {
  @ViewField.date() dueDate!: string;
  @ViewField.amount() amountOpen!: string;
  @ViewField.boolean() overdue!: boolean;
}

export class DisputedInvoiceView extends ExplainedInvoiceView {
  @ViewField.texts() disputeIds!: string[];
}

export class CorrectedInvoiceView extends ExplainedInvoiceView {
  @ViewField.date() issueDate!: string;
  @ViewField.oneOfEach(['credited', 'voided']) reasons!: DiscrepancyReason[];
}

export class CreditSaleInvoiceView extends ExplainedInvoiceView {
  @ViewField.date() issueDate!: string;
  @ViewField.amount() total!: string;
}

export class EndingReceivableInvoiceView extends ExplainedInvoiceView {
  @ViewField.date() dueDate!: string;
  @ViewField.amount() amountOpen!: string;
}

/** The invoices behind every figure (`explain=true`), so each can be checked by hand. */
export class MetricsExplanationView {
  @ViewField.list(() => TurnaroundInvoiceView) paymentTurnaround!: TurnaroundInvoiceView[];
  @ViewField.list(() => OverdueInvoiceView) overdue!: OverdueInvoiceView[];
  @ViewField.list(() => DisputedInvoiceView) disputes!: DisputedInvoiceView[];
  @ViewField.list(() => CorrectedInvoiceView) discrepancy!: CorrectedInvoiceView[];
  @ViewField.list(() => CreditSaleInvoiceView) creditSales!: CreditSaleInvoiceView[];
  @ViewField.list(() => EndingReceivableInvoiceView)
  endingReceivables!: EndingReceivableInvoiceView[];
}

/** The billing metrics of the period [from, to], for every account or one. */
export class BillingMetricsAnswerView {
  @ViewField.date() from!: string;
  @ViewField.date() to!: string;
  @ViewField.id({ nullable: true, description: 'Null: every account' })
  billingAccountId!: string | null;
  @ViewField.nested(() => BillingMetricsView) metrics!: BillingMetricsView;
  @ViewField.nested(() => DiscrepancyRateView) discrepancy!: DiscrepancyRateView;
  @ViewField.list(() => CollectionEffectivenessView)
  collectionEffectiveness!: CollectionEffectivenessView[];
  @ViewField.list(() => DaysSalesOutstandingView)
  daysSalesOutstanding!: DaysSalesOutstandingView[];
  @ViewField.nested(() => MetricsExplanationView, {
    optional: true,
    description: 'With `explain=true` only',
  })
  explanation?: MetricsExplanationView;
  @ViewField.nested(() => ComputedAtView) computedAt!: ComputedAtView;
}
