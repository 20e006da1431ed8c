import type { DunningChannel, DunningStepName } from '@billing/contracts';
import { Money } from '@billing/money';
import type { CollectionCaseState } from '../collection-case/collection-case.state';
import { type DunningPolicy, defaultDunningPolicy } from '../dunning/dunning-policy';
import { dueDunningSteps } from '../dunning/due-dunning-steps';

export type NextAction =
  | {
      kind: 'dunning_step';
      invoiceId: string;
      step: DunningStepName;
      channels: DunningChannel[];
      dueOn: string;
      dueToday: boolean;
    }
  | { kind: 'follow_up'; invoiceId: string; reason: 'all_steps_done' };

export interface WorklistInvoice {
  invoiceId: string;
  invoiceNumber: string;
  amountOverdue: string;
  daysOverdue: number;
}

export interface WorklistEntry {
  billingAccountId: string;
  currency: string;
  /** Chaseable overdue amount: open minus disputed-on-hold minus under a plan. */
  amountOverdue: string;
  daysOverdueMax: number;
  /** Sum over the invoices of amount overdue × days overdue, exact; the sort key. */
  priority: string;
  invoices: WorklistInvoice[];
  nextAction: NextAction | null;
}

/**
 * Today's accounts to contact, most urgent first: by amount overdue × days overdue (decimal
 * arithmetic), one entry per account and currency since amounts in two currencies do not add.
 * Invoices paused by a promise to pay, fully disputed or fully under a plan are left out.
 */
export function buildWorklist(
  cases: readonly CollectionCaseState[],
  today: string,
  policyFor: (segment: string) => DunningPolicy = () => defaultDunningPolicy,
): WorklistEntry[] {
  const groups = new Map<
    string,
    { state: CollectionCaseState; due: ReturnType<typeof dueDunningSteps> }[]
  >();
  for (const state of cases) {
    const due = dueDunningSteps(state, policyFor(state.segment), today);
    const contactable =
      due.blockedBy === null ||
      due.blockedBy === 'no_step_due' ||
      due.blockedBy === 'all_steps_done';
    if (!contactable || !due.amountConcerned?.isPositive()) continue;
    const key = `${state.billingAccountId}\u001f${state.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), { state, due }]);
  }
  const entries = [...groups.values()].map((members) => toEntry(members, today));
  return entries.sort(
    (a, b) =>
      Money.of(b.priority, b.currency)
        .toDecimal()
        .comparedTo(Money.of(a.priority, a.currency).toDecimal()) ||
      b.daysOverdueMax - a.daysOverdueMax ||
      a.billingAccountId.localeCompare(b.billingAccountId),
  );
}

function toEntry(
  members: { state: CollectionCaseState; due: ReturnType<typeof dueDunningSteps> }[],
  today: string,
): WorklistEntry {
  const first = members[0];
  if (!first) throw new Error('Invariant violated: a worklist group has no invoice');
  const currency = first.state.currency;
  const invoices = members.map(({ state, due }) => ({
    invoiceId: state.invoiceId,
    invoiceNumber: state.invoiceNumber,
    amountOverdue: (due.amountConcerned as Money).amount,
    daysOverdue: due.daysOverdue,
  }));
  const priority = Money.sum(
    members.map(({ due }) => (due.amountConcerned as Money).multiply(String(due.daysOverdue))),
    currency,
  );
  return {
    billingAccountId: first.state.billingAccountId,
    currency,
    amountOverdue: Money.sum(
      members.map(({ due }) => due.amountConcerned as Money),
      currency,
    ).amount,
    daysOverdueMax: Math.max(...members.map(({ due }) => due.daysOverdue)),
    priority: priority.amount,
    invoices: invoices.sort(
      (a, b) => b.daysOverdue - a.daysOverdue || a.invoiceId.localeCompare(b.invoiceId),
    ),
    nextAction: nextActionOf(members, today),
  };
}

/** A step due today beats an upcoming one; among those, the most overdue invoice goes first. */
function nextActionOf(
  members: { state: CollectionCaseState; due: ReturnType<typeof dueDunningSteps> }[],
  today: string,
): NextAction | null {
  const byOverdue = [...members].sort((a, b) => b.due.daysOverdue - a.due.daysOverdue);
  const dueNow = byOverdue.find(({ due }) => due.take);
  if (dueNow?.due.take) {
    const { step, channels } = dueNow.due.take;
    return {
      kind: 'dunning_step',
      invoiceId: dueNow.state.invoiceId,
      step,
      channels: [...channels],
      dueOn: today,
      dueToday: true,
    };
  }
  const upcoming = byOverdue
    .filter(({ due }) => due.next)
    .sort((a, b) =>
      (a.due.next as { dueOn: string }).dueOn.localeCompare(
        (b.due.next as { dueOn: string }).dueOn,
      ),
    )[0];
  if (upcoming?.due.next) {
    const { rule, dueOn } = upcoming.due.next;
    return {
      kind: 'dunning_step',
      invoiceId: upcoming.state.invoiceId,
      step: rule.step,
      channels: [...rule.channels],
      dueOn,
      dueToday: false,
    };
  }
  const done = byOverdue[0];
  return done
    ? { kind: 'follow_up', invoiceId: done.state.invoiceId, reason: 'all_steps_done' }
    : null;
}
