import type { CollectionCaseEvent, DunningStepName } from '@billing/contracts';
import { invariant } from '@billing/kernel';
import { Money } from '@billing/money';

export interface ActivePromise {
  promiseId: string;
  amount: string;
  promisedDate: string;
  madeOn: string;
  /** Payments applied to the invoice since the promise was made, less any reversed since. */
  amountPaid: string;
}

/**
 * Where each dispute the case heard of stands: `open` (its amount on hold), `resolved` (decided,
 * an accepted part still on hold until its credit note), `closed` (nothing held any more). A
 * repeated or late dispute event never puts back a hold that was lifted.
 */
export type DisputeProgress = 'open' | 'resolved' | 'closed';

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
  disputes: Record<string, DisputeProgress>;
  plan: PlanCoverage | null;
  promise: ActivePromise | null;
  stepsTaken: Array<{ step: DunningStepName; takenOn: string }>;
  stepsSkipped: DunningStepName[];
  /** Days the remaining steps moved out because dunning resumed after a promise or a plan. */
  scheduleShiftDays: number;
  /** The latest version of the invoice's stream learned from invoicing (0: none yet). */
  invoiceVersion: number;
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
  disputes: {},
  plan: null,
  promise: null,
  stepsTaken: [],
  stepsSkipped: [],
  scheduleShiftDays: 0,
  invoiceVersion: 0,
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
        invoiceVersion: event.data.invoiceVersion ?? state.invoiceVersion,
      };
    }
    case 'OpenAmountChanged': {
      const { disputeId, invoiceVersion } = event.data;
      return {
        ...state,
        amountOpen: event.data.amountOpen,
        plan: settlePlanCoverage(state, event.data.amountOpen),
        promise: promisePaymentsAfter(state, event.data),
        // A credit note for a dispute settles it, even one whose opening is still on its way.
        disputes: disputeId ? { ...state.disputes, [disputeId]: 'closed' } : state.disputes,
        invoiceVersion: invoiceVersion ?? state.invoiceVersion,
      };
    }
    case 'DisputeHoldPlaced':
      return {
        ...state,
        holds: { ...state.holds, [event.data.disputeId]: event.data.amount },
        disputes: { ...state.disputes, [event.data.disputeId]: 'open' },
      };
    case 'DisputeHoldReleased': {
      const { [event.data.disputeId]: _released, ...others } = state.holds;
      const stillHeld = Money.of(event.data.amountStillHeld, state.currency);
      const progress: DisputeProgress =
        event.data.reason === 'resolved' && !stillHeld.isZero() ? 'resolved' : 'closed';
      return {
        ...state,
        holds: stillHeld.isZero()
          ? others
          : { ...others, [event.data.disputeId]: stillHeld.amount },
        disputes: { ...state.disputes, [event.data.disputeId]: progress },
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
      const amountPaid = Money.zero(state.currency).amount;
      return { ...state, promise: { promiseId, amount, promisedDate, madeOn, amountPaid } };
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
      return {
        ...state,
        status: 'closed',
        promise: null,
        invoiceVersion: event.data.invoiceVersion ?? state.invoiceVersion,
      };
  }
}

/**
 * What counts toward an active promise: payments applied to the invoice after it was made, less
 * payments reversed since (never below zero). Credit notes and write-offs lower what is owed, but
 * they are not the customer paying.
 */
function promisePaymentsAfter(
  state: CollectionCaseState,
  change: { amountOpen: string; cause: string },
): ActivePromise | null {
  if (!state.promise) return null;
  const before = Money.of(state.amountOpen, state.currency);
  const after = Money.of(change.amountOpen, state.currency);
  const paid = Money.of(state.promise.amountPaid, state.currency);
  if (change.cause === 'payment_applied' && after.lessThan(before)) {
    return { ...state.promise, amountPaid: paid.add(before.subtract(after)).amount };
  }
  if (change.cause === 'payment_reversed' && after.greaterThan(before)) {
    const less = paid.subtract(after.subtract(before));
    return { ...state.promise, amountPaid: Money.max(less, Money.zero(state.currency)).amount };
  }
  return state.promise;
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
