import { Money } from '@billing/money';
import type { PaymentPlanState } from '@billing/collections-domain';
import { ViewField } from '@billing/platform';

export class PlanInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.amount({ description: 'What the plan covers of the invoice' }) amount!: string;
}

export class InstalmentView {
  @ViewField.integer({ example: 1 }) number!: number;
  @ViewField.date() dueDate!: string;
  @ViewField.amount() amount!: string;
  @ViewField.amount() amountPaid!: string;
  @ViewField.date({ nullable: true, description: 'When it was paid in full' })
  paidOn!: string | null;
  @ViewField.boolean({ description: 'Not paid in full by its due date' }) missed!: boolean;
}

/** A plan as a coordinator reads it: what was agreed, what was paid, what is still owed. */
export class PaymentPlanView {
  @ViewField.id() planId!: string;
  @ViewField.id() billingAccountId!: string;
  @ViewField.oneOf(['active', 'broken', 'completed']) status!: 'active' | 'broken' | 'completed';
  @ViewField.currency() currency!: string;
  @ViewField.amount() total!: string;
  @ViewField.amount() amountPaid!: string;
  @ViewField.amount() amountUnpaid!: string;
  @ViewField.list(() => PlanInvoiceView) invoices!: PlanInvoiceView[];
  @ViewField.list(() => InstalmentView) instalments!: InstalmentView[];
}

export function paymentPlanView(state: PaymentPlanState): PaymentPlanView {
  const paid = Money.sum(
    state.instalments.map((instalment) => Money.of(instalment.amountPaid, state.currency)),
    state.currency,
  );
  return {
    planId: state.planId,
    billingAccountId: state.billingAccountId,
    // Every answer is of a plan that was agreed: `none` (no stream yet) is never answered.
    status: state.status === 'none' ? 'active' : state.status,
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
