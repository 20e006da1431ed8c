import { balancesOf, type PaymentState } from '@billing/payments-domain';
import { ViewField } from '@billing/platform';

export class PaymentAllocationView {
  @ViewField.id() allocationId!: string;
  @ViewField.id() invoiceId!: string;
  @ViewField.amount() amount!: string;
  @ViewField.amount() amountChargedBack!: string;
  @ViewField.oneOf(['pending', 'confirmed', 'returned', 'reversed'])
  status!: 'pending' | 'confirmed' | 'returned' | 'reversed';
}

/** A payment as its stream has it now; every amount a decimal string. */
export class PaymentView {
  @ViewField.id() paymentId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(['received', 'reversed']) status!: 'received' | 'reversed';
  @ViewField.currency() currency!: string;
  @ViewField.amount() amount!: string;
  @ViewField.amount({ description: 'Confirmed as applied to invoices' }) applied!: string;
  @ViewField.amount({ description: 'Allocated, not confirmed by invoicing yet' }) pending!: string;
  @ViewField.amount({ description: 'Credit not applied to any invoice' }) unapplied!: string;
  @ViewField.amount() refunded!: string;
  @ViewField.amount() reversed!: string;
  @ViewField.amount() chargedBack!: string;
  @ViewField.text({ description: "The bank's reference", example: 'BANK-2026-0001' })
  externalReference!: string;
  @ViewField.date() receivedDate!: string;
  @ViewField.list(() => PaymentAllocationView) allocations!: PaymentAllocationView[];
}

export function paymentView(state: PaymentState): PaymentView {
  const b = balancesOf(state);
  return {
    paymentId: state.paymentId,
    billingAccountId: state.billingAccountId,
    // Every command answers a payment that exists: `none` (no stream yet) is never answered.
    status: state.status === 'none' ? 'received' : state.status,
    currency: state.currency,
    amount: b.amount.amount,
    applied: b.confirmed.amount,
    pending: b.pending.amount,
    unapplied: b.unapplied.amount,
    refunded: b.refunded.amount,
    reversed: b.reversed.amount,
    chargedBack: b.chargedBack.amount,
    externalReference: state.externalReference,
    receivedDate: state.receivedDate,
    allocations: state.allocations.map((a) => ({
      allocationId: a.allocationId,
      invoiceId: a.invoiceId,
      amount: a.amount.amount,
      amountChargedBack: a.amountChargedBack.amount,
      status: a.status,
    })),
  };
}

/** A refund of unapplied credit, with the payment as it is now. */
export class RefundAnswerView {
  @ViewField.id() refundId!: string;
  @ViewField.nested(() => PaymentView) payment!: PaymentView;
}

/** A chargeback taken by the bank, with the payment as it is now. */
export class ChargebackAnswerView {
  @ViewField.id() chargebackId!: string;
  @ViewField.nested(() => PaymentView) payment!: PaymentView;
}
