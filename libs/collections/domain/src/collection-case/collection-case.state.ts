import type { CollectionCaseEvent, DunningStepName } from '@billing/contracts';
import { invariant } from '@billing/kernel';
import { Money } from '@billing/money';

export interface ActivePromise {
  promiseId: string;
  amount: string;
  promisedDate: string;
  madeOn: string;
}

export interface PlanCoverage {
  planId: string;
  /** What the plan still covers on this invoice; payments on the invoice settle it first. */
  amountUnderPlan: string;
}

/** One issued invoice followed for collection. Amounts are canonical decimal strings. */
export interface CollectionCaseState {
  status: 'untracked' | 'open' | 'closed';
  billingAccountId: string;
  invoiceId: string;
  invoiceNumber: string;
  currency: string;
  segment: string;
  dueDate: string;
  amountTotal: string;
  amountOpen: string;
  /** Amount on hold per open dispute id. */
  holds: Record<string, string>;
  plan: PlanCoverage | null;
  promise: ActivePromise | null;
  stepsTaken: Array<{ step: DunningStepName; takenOn: string }>;
  stepsSkipped: DunningStepName[];
  /** Days the remaining steps moved out because dunning resumed after a promise or a plan. */
  scheduleShiftDays: number;
}

export const initialCollectionCaseState = (): CollectionCaseState => ({
  status: 'untracked',
  billingAccountId: '',
  invoiceId: '',
  invoiceNumber: '',
  currency: '',
  segment: '',
  dueDate: '',
  amountTotal: '',
  amountOpen: '',
  holds: {},
  plan: null,
  promise: null,
  stepsTaken: [],
  stepsSkipped: [],
  scheduleShiftDays: 0,
});

export function evolveCollectionCase(
  state: CollectionCaseState,
  event: CollectionCaseEvent,
): CollectionCaseState {
  switch (event.type) {
    case 'InvoiceTracked': {
      const {
        billingAccountId,
        invoiceId,
        invoiceNumber,
        currency,
        segment,
        dueDate,
        amountTotal,
        amountOpen,
      } = event.data;
      return {
        ...state,
        status: 'open',
        billingAccountId,
        invoiceId,
        invoiceNumber,
        currency,
        segment,
        dueDate,
        amountTotal,
        amountOpen,
      };
    }
    case 'OpenAmountChanged':
      return {
        ...state,
        amountOpen: event.data.amountOpen,
        plan: settlePlanCoverage(state, event.data.amountOpen),
      };
    case 'DisputeHoldPlaced':
      return { ...state, holds: { ...state.holds, [event.data.disputeId]: event.data.amount } };
    case 'DisputeHoldReleased': {
      const { [event.data.disputeId]: _released, ...others } = state.holds;
      const stillHeld = Money.of(event.data.amountStillHeld, state.currency);
      return {
        ...state,
        holds: stillHeld.isZero()
          ? others
          : { ...others, [event.data.disputeId]: stillHeld.amount },
      };
    }
    case 'InvoicePlacedUnderPlan':
      return {
        ...state,
        plan: { planId: event.data.planId, amountUnderPlan: event.data.amountUnderPlan },
      };
    case 'InvoiceReleasedFromPlan':
      return {
        ...state,
        plan: null,
        scheduleShiftDays: state.scheduleShiftDays + event.data.scheduleShiftDays,
      };
    case 'DunningStepTaken':
      return {
        ...state,
        stepsTaken: [...state.stepsTaken, { step: event.data.step, takenOn: event.data.takenOn }],
      };
    case 'DunningStepSkipped':
      return { ...state, stepsSkipped: [...state.stepsSkipped, event.data.step] };
    case 'PromiseToPayMade': {
      const { promiseId, amount, promisedDate, madeOn } = event.data;
      return { ...state, promise: { promiseId, amount, promisedDate, madeOn } };
    }
    case 'PromiseToPayKept':
      return {
        ...state,
        promise: null,
        scheduleShiftDays: state.scheduleShiftDays + event.data.scheduleShiftDays,
      };
    case 'PromiseToPayBroken':
      return {
        ...state,
        promise: null,
        scheduleShiftDays: state.scheduleShiftDays + event.data.scheduleShiftDays,
      };
    case 'CollectionCaseClosed':
      return { ...state, status: 'closed', promise: null };
  }
}

/** A decrease of the open amount while a plan is active is a plan payment, so the plan covers less. */
function settlePlanCoverage(
  state: CollectionCaseState,
  amountOpenAfter: string,
): PlanCoverage | null {
  if (!state.plan) return null;
  const before = Money.of(state.amountOpen, state.currency);
  const after = Money.of(amountOpenAfter, state.currency);
  if (!after.lessThan(before)) return state.plan;
  const remaining = Money.of(state.plan.amountUnderPlan, state.currency).subtract(
    before.subtract(after),
  );
  return {
    ...state.plan,
    amountUnderPlan: Money.max(remaining, Money.zero(state.currency)).amount,
  };
}

/** Sum of the dispute holds. */
export function amountHeld(state: CollectionCaseState): Money {
  return Money.sum(
    Object.values(state.holds).map((amount) => Money.of(amount, state.currency)),
    state.currency,
  );
}

/**
 * What dunning may chase: open minus disputed-on-hold minus under a payment plan, never below zero.
 */
export function chaseableAmount(state: CollectionCaseState): Money {
  invariant(state.status !== 'untracked', 'an untracked case has no amount to chase');
  if (state.status === 'closed') return Money.zero(state.currency);
  const underPlan = state.plan
    ? Money.of(state.plan.amountUnderPlan, state.currency)
    : Money.zero(state.currency);
  const chaseable = Money.of(state.amountOpen, state.currency)
    .subtract(amountHeld(state))
    .subtract(underPlan);
  return Money.max(chaseable, Money.zero(state.currency));
}
