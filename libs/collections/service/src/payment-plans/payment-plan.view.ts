import { Money } from '@billing/money';
import type { PaymentPlanState } from '@billing/collections-domain';

/** A plan as a coordinator reads it: what was agreed, what was paid, what is still owed. */
export function paymentPlanView(state: PaymentPlanState) {
  const paid = Money.sum(
    state.instalments.map((instalment) => Money.of(instalment.amountPaid, state.currency)),
    state.currency,
  );
  return {
    planId: state.planId,
    billingAccountId: state.billingAccountId,
    status: state.status,
    currency: state.currency,
    total: state.total,
    amountPaid: paid.amount,
    amountUnpaid: Money.of(state.total, state.currency).subtract(paid).amount,
    invoices: state.invoices,
    instalments: state.instalments.map((instalment) => ({
      number: instalment.number,
      dueDate: instalment.dueDate,
      amount: instalment.amount,
      amountPaid: instalment.amountPaid,
      paidOn: instalment.paidOn,
      missed: instalment.missed,
    })),
  };
}
