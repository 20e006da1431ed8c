import type { PaymentPlanEvent, PlanInvoice } from '@billing/contracts';
import { Money } from '@billing/money';

export interface InstalmentState {
  number: number;
  dueDate: string;
  amount: string;
  amountPaid: string;
  paidOn: string | null;
  missed: boolean;
}

export interface PaymentPlanState {
  status: 'none' | 'active' | 'broken' | 'completed';
  planId: string;
  billingAccountId: string;
  currency: string;
  total: string;
  invoices: PlanInvoice[];
  instalments: InstalmentState[];
  /** Keys of the payments recorded: allocation ids, or payment ids when none was given. */
  paymentIds: string[];
}

export const initialPaymentPlanState = (): PaymentPlanState => ({
  status: 'none',
  planId: '',
  billingAccountId: '',
  currency: '',
  total: '',
  invoices: [],
  instalments: [],
  paymentIds: [],
});

export function evolvePaymentPlan(
  state: PaymentPlanState,
  event: PaymentPlanEvent,
): PaymentPlanState {
  switch (event.type) {
    case 'PaymentPlanAgreed': {
      const { planId, billingAccountId, currency, total, invoices, instalments } = event.data;
      return {
        ...state,
        status: 'active',
        planId,
        billingAccountId,
        currency,
        total,
        invoices,
        instalments: instalments.map((instalment) => ({
          ...instalment,
          amountPaid: Money.zero(currency).amount,
          paidOn: null,
          missed: false,
        })),
      };
    }
    case 'PlanPaymentRecorded': {
      const paidByNumber = new Map(
        event.data.allocations.map((allocation) => [allocation.number, allocation.amount]),
      );
      return {
        ...state,
        paymentIds: [...state.paymentIds, event.data.allocationId ?? event.data.paymentId],
        instalments: state.instalments.map((instalment) => {
          const paid = paidByNumber.get(instalment.number);
          if (paid === undefined) return instalment;
          const amountPaid = Money.of(instalment.amountPaid, state.currency).add(
            Money.of(paid, state.currency),
          );
          return { ...instalment, amountPaid: amountPaid.amount };
        }),
      };
    }
    case 'InstalmentPaid':
      return {
        ...state,
        instalments: state.instalments.map((instalment) =>
          instalment.number === event.data.number
            ? { ...instalment, paidOn: event.data.paidOn }
            : instalment,
        ),
      };
    case 'InstalmentMissed':
      return {
        ...state,
        instalments: state.instalments.map((instalment) =>
          instalment.number === event.data.number ? { ...instalment, missed: true } : instalment,
        ),
      };
    case 'PaymentPlanBroken':
      return { ...state, status: 'broken' };
    case 'PaymentPlanCompleted':
      return { ...state, status: 'completed' };
  }
}

export function amountUnpaidOf(instalment: InstalmentState, currency: string): Money {
  return Money.of(instalment.amount, currency).subtract(Money.of(instalment.amountPaid, currency));
}

export function planAmountPaid(state: PaymentPlanState): Money {
  return Money.sum(
    state.instalments.map((instalment) => Money.of(instalment.amountPaid, state.currency)),
    state.currency,
  );
}
