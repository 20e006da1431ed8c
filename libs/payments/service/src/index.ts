export { createPaymentsModule } from './payments.module';
export { paymentsMigrations } from './payments.migrations';
export type { PaymentsDeps } from './shared/payments.deps';
export { InvoicingEventsProcess } from './integration/invoicing-events.process';
export { DisputesEventsProcess } from './integration/disputes-events.process';
export { paymentsStandaloneOptions } from './payments.standalone';
