import { ViewField } from '@billing/platform';
import { InvoiceLineView, ReviewResultView } from '../../commands/invoice.view';

const invoiceStatuses = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'voided',
  'credited',
  'written_off',
] as const;

export class InvoiceCreditNoteView {
  @ViewField.id() creditNoteId!: string;
  @ViewField.text({ example: 'CN-2026-000001' }) number!: string;
  @ViewField.date() issueDate!: string;
  @ViewField.amount() amount!: string;
  @ViewField.amount() netAmount!: string;
  @ViewField.amount() taxAmount!: string;
  @ViewField.text() reason!: string;
  @ViewField.id({ nullable: true, description: 'The dispute it settles' }) disputeId!:
    string | null;
  @ViewField.text({ nullable: true }) memo!: string | null;
}

export class InvoiceWriteOffView {
  @ViewField.id() writeOffId!: string;
  @ViewField.amount() amount!: string;
  @ViewField.text() reason!: string;
  @ViewField.instant() writtenOffAt!: string;
}

/** Part of a write-off or dispute credit that could not be applied to the invoice. */
export class RejectedAdjustmentView {
  @ViewField.oneOf(['write_off', 'dispute']) source!: 'write_off' | 'dispute';
  @ViewField.id({ nullable: true }) writeOffId!: string | null;
  @ViewField.id({ nullable: true }) disputeId!: string | null;
  @ViewField.amount() amountRequested!: string;
  @ViewField.amount() amountRejected!: string;
  @ViewField.text() reason!: string;
  @ViewField.text() message!: string;
  @ViewField.instant() rejectedAt!: string;
}

export class InvoiceHistoryEntryView {
  @ViewField.integer({ example: 1 }) version!: number;
  @ViewField.text({ example: 'InvoiceIssued' }) type!: string;
  @ViewField.instant() occurredAt!: string;
  @ViewField.instant() recordedAt!: string;
  @ViewField.text() actorId!: string;
  @ViewField.text() correlationId!: string;
  @ViewField.object({ description: "The event's data" }) details!: object;
}

/** An invoice row of the read model (amounts and dates as text, as the events carry them). */
export class InvoiceRowView {
  @ViewField.id() invoiceId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ nullable: true, example: 'INV-2026-000001' }) number!: string | null;
  @ViewField.oneOf(invoiceStatuses) status!: (typeof invoiceStatuses)[number];
  @ViewField.currency() currency!: string;
  @ViewField.amount() subtotal!: string;
  @ViewField.amount() taxTotal!: string;
  @ViewField.amount() total!: string;
  @ViewField.amount({ nullable: true }) amountOpen!: string | null;
  @ViewField.date({ nullable: true }) issueDate!: string | null;
  @ViewField.date({ nullable: true }) dueDate!: string | null;
  @ViewField.text({ nullable: true }) purchaseOrderNumber!: string | null;
  @ViewField.id({ nullable: true }) correctsInvoiceId!: string | null;
  @ViewField.text({ nullable: true }) memo!: string | null;
  @ViewField.list(() => InvoiceLineView) lines!: InvoiceLineView[];
  @ViewField.nested(() => ReviewResultView, { nullable: true, description: 'The last review' })
  lastReview!: ReviewResultView | null;
  @ViewField.instant({ nullable: true }) sentAt!: string | null;
}

/** The invoice with its credit notes, write-offs, refused adjustments and history. */
export class InvoiceDetailView extends InvoiceRowView {
  @ViewField.list(() => InvoiceCreditNoteView) creditNotes!: InvoiceCreditNoteView[];
  @ViewField.list(() => InvoiceWriteOffView) writeOffs!: InvoiceWriteOffView[];
  @ViewField.list(() => RejectedAdjustmentView) rejectedAdjustments!: RejectedAdjustmentView[];
  @ViewField.list(() => InvoiceHistoryEntryView) history!: InvoiceHistoryEntryView[];
}
