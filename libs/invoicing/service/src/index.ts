export { createInvoicingModule } from './invoicing.module';
export { invoicingMigrations } from './invoicing.migrations';
export type { InvoicingDeps } from './shared/invoicing.deps';
export { PaymentAllocationsProcess } from './integration/payment-allocations.process';
