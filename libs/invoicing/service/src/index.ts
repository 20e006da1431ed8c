export { createInvoicingModule } from './invoicing.module';
export { invoicingMigrations } from './invoicing.migrations';
export type { InvoicingDeps } from './shared/invoicing.deps';
export { PaymentAllocationsProcess } from './integration/payment-allocations.process';
export { WriteOffsProcess } from './integration/write-offs.process';
export { DisputeCreditsProcess, disputeCreditNoteId } from './integration/dispute-credits.process';
/** The invoice list's query (exported for its benchmark). */
export { listInvoices } from './invoices/queries/list-invoices/list-invoices.read-model';
export { invoicingStandaloneOptions } from './invoicing.standalone';
/** The gap-free numbering of invoices and credit notes (exported for its tests and the benchmark). */
export { assignDocumentNumber } from './shared/numbering';
/** The invoice's PDF (exported for its tests). */
export { invoicePdf } from './invoices/queries/invoice-pdf/invoice.pdf';
export type { InvoiceDetailView } from './invoices/queries/get-invoice/invoice-detail.view';
