import { ViewField } from '@billing/platform';

export class PromisedInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) invoiceNumber!: string;
  @ViewField.amount({ optional: true, description: 'The part of the promise for this invoice' })
  amount?: string;
}

/** A promise to pay: how much, by when, spread over the account's invoices. */
export class PromiseToPayView {
  @ViewField.id() promiseId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.amount() amount!: string;
  @ViewField.currency() currency!: string;
  @ViewField.date({ description: 'The promised payment date' }) date!: string;
  @ViewField.date({ description: 'When the promise was made' }) madeOn!: string;
  @ViewField.list(() => PromisedInvoiceView) invoices!: PromisedInvoiceView[];
}
