import type { InvoiceStatus } from '@billing/contracts';
import { ViewField } from '@billing/platform';

export const invoiceStatuses: readonly InvoiceStatus[] = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'voided',
  'credited',
  'written_off',
];

/** One of the account's invoices, as `invoicing_rm.invoices` has it. */
export class AccountInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ nullable: true, example: 'INV-2026-000001', description: 'Null while a draft' })
  number!: string | null;
  @ViewField.oneOf(invoiceStatuses) status!: InvoiceStatus;
  @ViewField.currency() currency!: string;
  @ViewField.amount() total!: string;
  @ViewField.amount({ nullable: true, description: 'Null while a draft' })
  amountOpen!: string | null;
  @ViewField.date({ nullable: true, description: 'Null while a draft' }) issueDate!: string | null;
  @ViewField.date({ nullable: true, description: 'Null while a draft' }) dueDate!: string | null;
}

/** The same invoices under their status; a status with no invoice is left out. */
export class AccountInvoicesByStatusView {
  @ViewField.list(() => AccountInvoiceView, { optional: true }) draft?: AccountInvoiceView[];
  @ViewField.list(() => AccountInvoiceView, { optional: true }) issued?: AccountInvoiceView[];
  @ViewField.list(() => AccountInvoiceView, { optional: true })
  partially_paid?: AccountInvoiceView[];
  @ViewField.list(() => AccountInvoiceView, { optional: true }) paid?: AccountInvoiceView[];
  @ViewField.list(() => AccountInvoiceView, { optional: true }) voided?: AccountInvoiceView[];
  @ViewField.list(() => AccountInvoiceView, { optional: true }) credited?: AccountInvoiceView[];
  @ViewField.list(() => AccountInvoiceView, { optional: true })
  written_off?: AccountInvoiceView[];
}

/** An account's invoices (at most 1,000), oldest due first, as one list and by status. */
export class AccountInvoicesView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.nested(() => AccountInvoicesByStatusView) byStatus!: AccountInvoicesByStatusView;
  @ViewField.list(() => AccountInvoiceView) invoices!: AccountInvoiceView[];
}
