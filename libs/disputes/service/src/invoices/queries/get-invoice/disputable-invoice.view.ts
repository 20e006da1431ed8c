import type { DisputedInvoice } from '@billing/disputes-domain';
import { ViewField } from '@billing/platform';

const invoiceStatuses: readonly DisputedInvoice['status'][] = [
  'issued',
  'partially_paid',
  'paid',
  'voided',
  'credited',
  'written_off',
];

export class DisputableInvoiceLineView {
  @ViewField.id() lineId!: string;
  @ViewField.text() description!: string;
  @ViewField.amount() total!: string;
}

/** An invoice as disputes learned it from invoicing's events, with what can still be disputed. */
export class DisputableInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) number!: string;
  @ViewField.currency() currency!: string;
  @ViewField.date() issueDate!: string;
  @ViewField.date() dueDate!: string;
  @ViewField.amount({ description: 'What the invoice charged, tax included' }) total!: string;
  @ViewField.amount({ description: 'What remains to be paid' }) amountOpen!: string;
  @ViewField.amount({ description: 'Held by its open disputes' }) amountOnHold!: string;
  @ViewField.oneOf(invoiceStatuses) status!: DisputedInvoice['status'];
  @ViewField.list(() => DisputableInvoiceLineView) lines!: DisputableInvoiceLineView[];
  @ViewField.texts({ description: 'Ids of its open disputes' }) openDisputeIds!: string[];
  @ViewField.amount({ description: 'Open less held; zero once voided' }) amountDisputable!: string;
}
