import type { PaymentMethod } from '@billing/contracts';
import { ViewField } from '@billing/platform';
import { PaymentConfirmationView, paymentMethods } from './payment-confirmation.view';
import { PaymentView } from './payment.view';

/** A payment as `payments_rm.payments` has it: its balances, method and latest receipt. */
export class PaymentRecordView extends PaymentView {
  @ViewField.oneOf(paymentMethods) method!: PaymentMethod;
  @ViewField.nested(() => PaymentConfirmationView, {
    nullable: true,
    description: 'The latest receipt issued; null before any',
  })
  confirmation!: PaymentConfirmationView | null;
}

/** An invoice of the account with something open, as allocation sees it. */
export class PaymentsOpenInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.text({ example: 'INV-2026-000001' }) number!: string;
  @ViewField.date() dueDate!: string;
  @ViewField.date() issueDate!: string;
  @ViewField.amount() amountOpen!: string;
  @ViewField.currency() currency!: string;
  @ViewField.amount({ description: 'What open disputes hold of it (zero when none)' })
  amountHeld!: string;
}

/** An account's payments (at most 1,000, by received date) and its open invoices. */
export class AccountPaymentsView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.list(() => PaymentRecordView) payments!: PaymentRecordView[];
  @ViewField.list(() => PaymentsOpenInvoiceView) openInvoices!: PaymentsOpenInvoiceView[];
}
