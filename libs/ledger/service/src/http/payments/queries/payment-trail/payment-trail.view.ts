import type { AllocationTrailStatus } from '@billing/ledger-domain';
import { ViewField } from '@billing/platform';
import { AuditEntryView, ComputedAtView } from '../../../shared/ledger.views';

const allocationStatuses: readonly AllocationTrailStatus[] = [
  'proposed',
  'applied',
  'rejected',
  'reversed',
];

export class AllocationTrailView {
  @ViewField.id() allocationId!: string;
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ nullable: true, example: 'INV-2026-000001' }) invoiceNumber!: string | null;
  @ViewField.amount() amount!: string;
  @ViewField.oneOf(allocationStatuses) status!: AllocationTrailStatus;
  @ViewField.list(() => AuditEntryView, { description: 'Payment side and invoice side' })
  events!: AuditEntryView[];
}

export class PaidInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ nullable: true, example: 'INV-2026-000001' }) invoiceNumber!: string | null;
  @ViewField.amount({ description: 'Still applied to it from this payment' })
  amountApplied!: string;
  @ViewField.texts() allocationIds!: string[];
}

export class RefundTrailView {
  @ViewField.id() refundId!: string;
  @ViewField.amount() amount!: string;
  @ViewField.nested(() => AuditEntryView) event!: AuditEntryView;
}

/** A payment from its receipt to the invoices it paid. */
export class PaymentFollowUpView {
  @ViewField.id() paymentId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.amount() amount!: string;
  @ViewField.text({ example: 'BANK-2026-0001' }) externalReference!: string;
  @ViewField.date() receivedDate!: string;
  @ViewField.nested(() => AuditEntryView, { nullable: true }) receipt!: AuditEntryView | null;
  @ViewField.list(() => AllocationTrailView) allocations!: AllocationTrailView[];
  @ViewField.list(() => PaidInvoiceView) invoices!: PaidInvoiceView[];
  @ViewField.list(() => RefundTrailView) refunds!: RefundTrailView[];
  @ViewField.nested(() => AuditEntryView, { nullable: true }) reversal!: AuditEntryView | null;
  @ViewField.list(() => AuditEntryView) confirmations!: AuditEntryView[];
}

export class PaymentTrailView {
  @ViewField.nested(() => PaymentFollowUpView) payment!: PaymentFollowUpView;
  @ViewField.nested(() => ComputedAtView) computedAt!: ComputedAtView;
}
