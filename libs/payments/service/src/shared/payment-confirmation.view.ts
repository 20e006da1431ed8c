import type { PaymentMethod } from '@billing/contracts';
import { ViewField } from '@billing/platform';

export const paymentMethods: readonly PaymentMethod[] = [
  'bank_transfer',
  'card',
  'check',
  'direct_debit',
];

/** A line of a receipt: one allocation, still pending or confirmed by invoicing. */
export class ConfirmationAllocationView {
  @ViewField.id() allocationId!: string;
  @ViewField.id() invoiceId!: string;
  @ViewField.text({
    example: 'INV-2026-000001',
    description: 'Empty when payments does not know the number yet',
  })
  invoiceNumber!: string;
  @ViewField.amount() amount!: string;
  @ViewField.oneOf(['pending', 'confirmed']) status!: 'pending' | 'confirmed';
}

/** A receipt for the customer (event `PaymentConfirmationIssued`); every amount a decimal string. */
export class PaymentConfirmationView {
  @ViewField.id() paymentId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.id() confirmationId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.amount() amount!: string;
  @ViewField.oneOf(paymentMethods) method!: PaymentMethod;
  @ViewField.text({ description: "The bank's reference", example: 'BANK-2026-0001' })
  externalReference!: string;
  @ViewField.date() receivedDate!: string;
  @ViewField.list(() => ConfirmationAllocationView) allocations!: ConfirmationAllocationView[];
  @ViewField.amount({ description: 'Applied to invoices, pending lines included' })
  applied!: string;
  @ViewField.amount() unapplied!: string;
  @ViewField.amount() refunded!: string;
  @ViewField.instant() issuedAt!: string;
}

/**
 * The answer when this confirmation was already issued (the same idempotency key once its stored
 * answer has expired): the payment's confirmations, read the receipt with `GET /payments/{id}`.
 */
export class PaymentConfirmationsView {
  @ViewField.id() paymentId!: string;
  @ViewField.texts({ description: 'Ids of the confirmations issued for the payment' })
  confirmationIds!: string[];
}
