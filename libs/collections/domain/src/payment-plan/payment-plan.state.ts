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
  /** What each recorded payment paid per instalment, by key, until it is reversed. */
  paidBy: Record<string, Array<{ number: number; amount: string }>>;
  /** Keys of the recorded payments that were reversed. */
  reversedPaymentIds: string[];
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
  paidBy: {},
  reversedPaymentIds: [],
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
      const key = event.data.allocationId ?? event.data.paymentId;
      return {
        ...state,
        paymentIds: [...state.paymentIds, key],
        paidBy: { ...state.paidBy, [key]: event.data.allocations },
        instalments: withPaid(state, event.data.allocations, 1),
      };
    }
    case 'PlanPaymentReversed': {
      const key = event.data.allocationId ?? event.data.paymentId;
      const { [key]: _reversed, ...paidBy } = state.paidBy;
      return {
        ...state,
        paidBy,
        reversedPaymentIds: [...state.reversedPaymentIds, key],
        instalments: withPaid(state, event.data.allocations, -1).map((instalment) =>
          amountUnpaidOf(instalment, state.currency).isPositive()
            ? { ...instalment, paidOn: null }
            : instalment,
        ),
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

/** The instalments with `allocations` added to (sign 1) or taken from (sign -1) what was paid. */
function withPaid(
  state: PaymentPlanState,
  allocations: Array<{ number: number; amount: string }>,
  sign: 1 | -1,
): InstalmentState[] {
  const byNumber = new Map(allocations.map((allocation) => [allocation.number, allocation.amount]));
  return state.instalments.map((instalment) => {
    const amount = byNumber.get(instalment.number);
    if (amount === undefined) return instalment;
    const paid = Money.of(instalment.amountPaid, state.currency);
    const change = Money.of(amount, state.currency);
    const amountPaid = sign === 1 ? paid.add(change) : paid.subtract(change);
    return { ...instalment, amountPaid: amountPaid.amount };
  });
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
