import { amountOwed, type InvoiceState } from '@billing/invoicing-domain';

/** What a command answers: the invoice as its own stream has it now (amounts as decimal strings). */
export function invoiceView(state: InvoiceState) {
  return {
    invoiceId: state.invoiceId,
    billingAccountId: state.billingAccountId,
    status: state.status,
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
