import { balancesOf, type PaymentState } from '@billing/payments-domain';

/** A payment as its stream has it now; every amount a decimal string. */
export function paymentView(state: PaymentState) {
  const b = balancesOf(state);
  return {
    paymentId: state.paymentId,
    billingAccountId: state.billingAccountId,
    status: state.status,
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
