import { Money } from '@billing/money';
import { addDays, daysBetween } from '@billing/kernel';
import {
  chaseableAmount,
  type CollectionCaseState,
} from '../collection-case/collection-case.state';
import type { DunningPolicy, DunningStepRule } from './dunning-policy';

export type DunningBlock =
  | 'not_tracked'
  | 'closed'
  | 'not_overdue'
  | 'nothing_to_chase'
  | 'promise_to_pay'
  | 'all_steps_done'
  | 'no_step_due';

export interface UpcomingDunningStep {
  rule: DunningStepRule;
  dueOn: string;
}

export interface DueDunningSteps {
  /** The step to take today, if any: the most advanced one that is due. */
  take: DunningStepRule | null;
  /** Earlier steps due at the same time, passed over rather than sent in a burst. */
  skip: DunningStepRule[];
  /** Why nothing is taken today. */
  blockedBy: DunningBlock | null;
  daysOverdue: number;
  amountConcerned: Money | null;
  /** The first step not taken yet, with the date it is (or was) due: the next action. */
  next: UpcomingDunningStep | null;
}

/**
 * The dunning steps due for one invoice on `today`. Only steps after the most advanced one already
 * taken or skipped are candidates, so a step is never taken twice, even if the policy changes.
 * When several are due at once (the scheduler did not run for a while) only the most advanced one
 * is taken and the earlier ones are skipped: a customer gets one message, the right one for how late
 * the invoice is, instead of a burst of stale reminders.
 */
export function dueDunningSteps(
  state: CollectionCaseState,
  policy: DunningPolicy,
  today: string,
): DueDunningSteps {
  const nothing = (
    blockedBy: DunningBlock,
    daysOverdue = 0,
    amountConcerned: Money | null = null,
  ) => ({
    take: null,
    skip: [],
    blockedBy,
    daysOverdue,
    amountConcerned,
    next: null,
  });
  if (state.status === 'untracked') return nothing('not_tracked');
  if (state.status === 'closed') return nothing('closed');

  const daysOverdue = daysBetween(state.dueDate, today);
  const amountConcerned = chaseableAmount(state);
  const remaining = remainingSteps(state, policy);
  const first = remaining[0];
  const next = first ? { rule: first, dueOn: stepDueDate(state, first) } : null;
  const result = (
    blockedBy: DunningBlock | null,
    take: DunningStepRule | null = null,
    skip: DunningStepRule[] = [],
  ) => ({
    take,
    skip,
    blockedBy,
    daysOverdue,
    amountConcerned,
    next,
  });

  if (daysOverdue <= 0) return result('not_overdue');
  if (amountConcerned.isZero()) return result('nothing_to_chase');
  // An expired promise still pauses dunning until it is evaluated: the scheduler evaluates first.
  if (state.promise) return result('promise_to_pay');
  if (remaining.length === 0) return result('all_steps_done');

  const due = remaining.filter(
    (rule) => daysOverdue >= rule.daysAfterDue + state.scheduleShiftDays,
  );
  const take = due[due.length - 1];
  if (!take) return result('no_step_due');
  return result(null, take, due.slice(0, -1));
}

/** Steps after the most advanced one taken or skipped, in policy order. */
export function remainingSteps(
  state: CollectionCaseState,
  policy: DunningPolicy,
): DunningStepRule[] {
  const done = new Set<string>([
    ...state.stepsTaken.map((taken) => taken.step),
    ...state.stepsSkipped,
  ]);
  let lastDoneIndex = -1;
  policy.steps.forEach((rule, index) => {
    if (done.has(rule.step)) lastDoneIndex = index;
  });
  return policy.steps.slice(lastDoneIndex + 1);
}

export function stepDueDate(state: CollectionCaseState, rule: DunningStepRule): string {
  return addDays(state.dueDate, rule.daysAfterDue + state.scheduleShiftDays);
}

/**
 * Days to move the remaining steps when dunning resumes on `resumeOn` after a promise or a plan,
 * so it resumes with the next step (not the most advanced one) and keeps the policy's spacing.
 */
export function scheduleShiftOnResume(
  state: CollectionCaseState,
  policy: DunningPolicy,
  resumeOn: string,
): number {
  const next = remainingSteps(state, policy)[0];
  if (!next) return 0;
  return Math.max(0, daysBetween(stepDueDate(state, next), resumeOn));
}

export function isChaseable(amount: Money | null): amount is Money {
  return amount !== null && amount.isPositive();
}
