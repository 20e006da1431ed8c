import { DomainError } from '@billing/kernel';
import type { InvoiceEvent } from '@billing/contracts';
import type { InvoiceCommand } from './invoice.commands';
import type { InvoiceLineInput } from './invoice-lines';
import { decideInvoice } from './invoice.decider';
import { amountOpen, balancesOf, initialInvoiceState, type InvoiceState } from './invoice.state';

export interface InvoiceCorrectionInput {
  /** Id of the new draft that replaces the original. */
  correctedInvoiceId: string;
  creditNoteId: string;
  /** Assigned from the credit note series before calling. */
  creditNoteNumber: string;
  issueDate: string;
  lines: InvoiceLineInput[];
  purchaseOrderNumber?: string;
  memo?: string;
  draftedAt: string;
}

export interface InvoiceCorrectionPlan {
  /** For stream `invoice-<original>`, appended first at the version the original was read at. */
  original: { command: InvoiceCommand; events: InvoiceEvent[] };
  /** For stream `invoice-<correctedInvoiceId>`, appended with `'no_stream'` after the first. */
  corrected: { command: InvoiceCommand; events: InvoiceEvent[] };
}

/**
 * A corrected invoice: a billing-error credit note for the whole original, and a new draft that
 * names the original in `correctsInvoiceId`. Only an invoice that nothing was applied to can be
 * corrected this way, otherwise the customer would be billed again for what they already paid.
 * Both sides are decided here, before anything is written, so an invalid correction writes
 * nothing; the handler then performs the two appends (original first).
 */
export function planInvoiceCorrection(
  original: InvoiceState,
  input: InvoiceCorrectionInput,
): InvoiceCorrectionPlan {
  if (original.status !== 'issued' || !amountOpen(original).equals(balancesOf(original).total)) {
    throw new DomainError(
      'CORRECTION_NOT_ALLOWED',
      `Only an issued invoice with nothing applied can be corrected (this one is ${original.status})`,
      'conflict',
    );
  }
  const creditNote: InvoiceCommand = {
    type: 'IssueCreditNote',
    data: {
      invoiceId: original.invoiceId,
      creditNoteId: input.creditNoteId,
      number: input.creditNoteNumber,
      issueDate: input.issueDate,
      scope: { kind: 'whole' },
      reason: 'billing_error',
      memo: `Replaced by corrected invoice ${input.correctedInvoiceId}`,
    },
  };
  const draft: InvoiceCommand = {
    type: 'DraftInvoice',
    data: {
      invoiceId: input.correctedInvoiceId,
      billingAccountId: original.billingAccountId,
      currency: original.currency,
      lines: input.lines,
      purchaseOrderNumber: input.purchaseOrderNumber ?? original.purchaseOrderNumber,
      memo: input.memo,
      correctsInvoiceId: original.invoiceId,
      draftedAt: input.draftedAt,
    },
  };
  return {
    original: { command: creditNote, events: decideInvoice(creditNote, original) },
    corrected: { command: draft, events: decideInvoice(draft, initialInvoiceState()) },
  };
}
