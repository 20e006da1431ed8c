import { amountOwed, type InvoiceState } from '@billing/invoicing-domain';
import { ViewField } from '@billing/platform';

const invoiceStatuses = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'voided',
  'credited',
  'written_off',
] as const;

export class ServicePeriodView {
  @ViewField.date() from!: string;
  @ViewField.date() to!: string;
}

export class SupportingDocumentView {
  @ViewField.oneOf(['contract', 'purchase_order', 'timesheet', 'other'])
  kind!: 'contract' | 'purchase_order' | 'timesheet' | 'other';
  @ViewField.text() reference!: string;
}

/** A line as requested, with the amounts the domain computed from it. */
export class InvoiceLineView {
  @ViewField.text() lineId!: string;
  @ViewField.text() description!: string;
  @ViewField.amount({ example: '10' }) quantity!: string;
  @ViewField.amount() unitPrice!: string;
  @ViewField.amount({ description: 'Decimal fraction 0..1', example: '0.2' }) taxRate!: string;
  @ViewField.amount({ optional: true }) discount?: string;
  @ViewField.nested(() => ServicePeriodView, { optional: true }) servicePeriod?: ServicePeriodView;
  @ViewField.nested(() => SupportingDocumentView, { optional: true })
  supportingDocument?: SupportingDocumentView;
  @ViewField.amount({ optional: true }) statedTotal?: string;
  @ViewField.amount({ description: 'round(quantity × unitPrice) − discount' }) net!: string;
  @ViewField.amount() tax!: string;
  @ViewField.amount({ description: 'net + tax' }) total!: string;
}

/** What a command answers: the invoice as its own stream has it now (amounts as decimal strings). */
export class InvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(invoiceStatuses) status!: (typeof invoiceStatuses)[number];
  @ViewField.text({ nullable: true, description: 'Given at issue', example: 'INV-2026-000001' })
  number!: string | null;
  @ViewField.currency() currency!: string;
  @ViewField.date({ nullable: true }) issueDate!: string | null;
  @ViewField.date({ nullable: true }) dueDate!: string | null;
  @ViewField.text({ nullable: true }) purchaseOrderNumber!: string | null;
  @ViewField.list(() => InvoiceLineView) lines!: InvoiceLineView[];
  @ViewField.amount() subtotal!: string;
  @ViewField.amount() taxTotal!: string;
  @ViewField.amount() total!: string;
  @ViewField.amount({ nullable: true, description: 'What is still owed; null until issued' })
  amountOpen!: string | null;
  @ViewField.id({ optional: true, description: 'The invoice this one corrects' })
  correctsInvoiceId?: string;
}

export function invoiceView(state: InvoiceState): InvoiceView {
  return {
    invoiceId: state.invoiceId,
    billingAccountId: state.billingAccountId,
    // Every command answers an invoice that exists: `none` (no stream yet) is never answered.
    status: state.status === 'none' ? 'draft' : state.status,
    number: state.number,
    currency: state.currency,
    issueDate: state.issueDate,
    dueDate: state.dueDate,
    purchaseOrderNumber: state.purchaseOrderNumber ?? null,
    lines: state.lines,
    ...state.totals,
    // A voided invoice owes nothing, as the invoice read model and the events say.
    amountOpen: state.total !== null ? amountOwed(state).amount : null,
    ...(state.correctsInvoiceId ? { correctsInvoiceId: state.correctsInvoiceId } : {}),
  };
}

export class ReviewProblemView {
  @ViewField.text({ description: 'Stable code', example: 'PURCHASE_ORDER_REQUIRED' }) code!: string;
  @ViewField.text({ description: 'Path of the offending input', example: 'purchaseOrderNumber' })
  field!: string;
  @ViewField.text() message!: string;
}

/** A review's result: ready to issue, or every problem found at once. */
export class ReviewResultView {
  @ViewField.boolean() ready!: boolean;
  @ViewField.list(() => ReviewProblemView) problems!: ReviewProblemView[];
}

export class InvoiceReviewView extends ReviewResultView {
  @ViewField.id() invoiceId!: string;
}

/** A credit note as a command answers it, with the invoice it credits as it is now. */
export class CreditNoteAnswerView {
  @ViewField.id() creditNoteId!: string;
  @ViewField.text({ nullable: true, description: 'Given at issue', example: 'CN-2026-000001' })
  number!: string | null;
  @ViewField.oneOf(['issued', 'pending_approval', 'rejected'])
  status!: 'issued' | 'pending_approval' | 'rejected';
  @ViewField.object({ optional: true, description: 'The request awaiting approval (202 only)' })
  request?: object;
  @ViewField.nested(() => InvoiceView) invoice!: InvoiceView;
}

/** A correction: the credit note that cancels the original, and the corrected draft. */
export class InvoiceCorrectionView {
  @ViewField.id() creditNoteId!: string;
  @ViewField.text({ nullable: true, example: 'CN-2026-000001' }) creditNoteNumber!: string | null;
  @ViewField.nested(() => InvoiceView) original!: InvoiceView;
  @ViewField.nested(() => InvoiceView) corrected!: InvoiceView;
}
