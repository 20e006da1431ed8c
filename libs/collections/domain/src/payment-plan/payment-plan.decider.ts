import type { PaymentPlanEvent, PlanInstalment, PlanInvoice } from '@billing/contracts';
import { type Decider, DomainError, invariant, daysBetween, requireDate } from '@billing/kernel';
import { Money } from '@billing/money';
import { conflict, invalid, moneyInput, positiveMoneyInput } from '../shared/money-input';
import {
  INSTALMENT_INTERVAL_DAYS_MAX,
  INSTALMENTS_MAX,
  generateInstalments,
} from './instalment-schedule';
import type {
  AgreePaymentPlan,
  EvaluatePlan,
  PaymentPlanCommand,
  RecordPlanPayment,
  ReversePlanPayment,
} from './payment-plan.commands';
import {
  type PaymentPlanState,
  amountUnpaidOf,
  evolvePaymentPlan,
  initialPaymentPlanState,
  planAmountPaid,
} from './payment-plan.state';

export const PLAN_INVOICES_MAX = 100;
export const DEFAULT_GRACE_DAYS = 5;
export const GRACE_DAYS_MAX = 60;

type Events = PaymentPlanEvent[];

/** A payment plan for one account (stream `paymentplan-<planId>`). */
export const paymentPlanDecider: Decider<PaymentPlanState, PaymentPlanCommand, PaymentPlanEvent> = {
  initialState: initialPaymentPlanState,
  evolve: evolvePaymentPlan,
  decide: (command, state) => {
    switch (command.type) {
      case 'AgreePaymentPlan':
        return agree(command, state);
      case 'RecordPlanPayment':
        return recordPayment(command, state);
      case 'ReversePlanPayment':
        return reversePayment(command, state);
      case 'EvaluatePlan':
        return evaluate(command, state);
    }
  },
};

function agree({ data }: AgreePaymentPlan, state: PaymentPlanState): Events {
  if (state.status !== 'none')
    throw conflict('PLAN_ALREADY_AGREED', `Payment plan ${state.planId} already exists`);
  const today = requireDate(data.today, 'today');
  const total = positiveMoneyInput(data.total, data.currency, 'total');
  const invoices = planInvoices(data.invoices, data.currency, total);
  const instalments = data.schedule ? scheduled(data, total, today) : listed(data, total, today);
  const sum = Money.sum(
    instalments.map((instalment) => Money.of(instalment.amount, data.currency)),
    data.currency,
  );
  invariant(
    sum.equals(total),
    `plan ${data.planId} instalments sum to ${sum.amount}, not ${total.amount}`,
  );
  return [
    {
      type: 'PaymentPlanAgreed',
      data: {
        billingAccountId: data.billingAccountId,
        planId: data.planId,
        currency: data.currency,
        invoices,
        total: total.amount,
        instalments,
        agreedOn: today,
        agreedBy: data.agreedBy,
      },
    },
  ];
}

function planInvoices(
  input: AgreePaymentPlan['data']['invoices'],
  currency: string,
  total: Money,
): PlanInvoice[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > PLAN_INVOICES_MAX) {
    throw invalid(
      'PLAN_INVOICES_REQUIRED',
      'invoices',
      `must list 1 to ${PLAN_INVOICES_MAX} invoices`,
    );
  }
  const ids = new Set(input.map((invoice) => invoice.invoiceId));
  if (ids.size !== input.length)
    throw invalid('PLAN_INVOICE_DUPLICATED', 'invoices', 'must not list an invoice twice');
  const invoices = input.map((invoice, index) => ({
    invoiceId: invoice.invoiceId,
    amount: positiveMoneyInput(invoice.amount, currency, `invoices[${index}].amount`).amount,
  }));
  const sum = Money.sum(
    invoices.map((invoice) => Money.of(invoice.amount, currency)),
    currency,
  );
  if (!sum.equals(total)) {
    throw invalid(
      'PLAN_INVOICES_DO_NOT_SUM_TO_TOTAL',
      'invoices',
      `sum to ${sum.amount}, not the total ${total.amount}`,
    );
  }
  return invoices;
}

function scheduled(data: AgreePaymentPlan['data'], total: Money, today: string): PlanInstalment[] {
  if (data.instalments)
    throw invalid(
      'PLAN_SCHEDULE_AMBIGUOUS',
      'instalments',
      'give instalments or a schedule, not both',
    );
  const schedule = data.schedule as NonNullable<typeof data.schedule>;
  const problems = [];
  if (!Number.isInteger(schedule.count) || schedule.count < 1 || schedule.count > INSTALMENTS_MAX) {
    problems.push({
      field: 'schedule.count',
      reason: `must be a whole number from 1 to ${INSTALMENTS_MAX}`,
    });
  }
  if (
    !Number.isInteger(schedule.intervalDays) ||
    schedule.intervalDays < 1 ||
    schedule.intervalDays > INSTALMENT_INTERVAL_DAYS_MAX
  ) {
    problems.push({
      field: 'schedule.intervalDays',
      reason: `must be a whole number from 1 to ${INSTALMENT_INTERVAL_DAYS_MAX}`,
    });
  }
  if (problems.length > 0)
    throw new DomainError(
      'INVALID_PLAN_SCHEDULE',
      'The instalment schedule is not valid',
      'invalid',
      problems,
    );
  const firstDueDate = requireDate(schedule.firstDueDate, 'schedule.firstDueDate');
  if (daysBetween(today, firstDueDate) < 0)
    throw invalid('INSTALMENT_IN_THE_PAST', 'schedule.firstDueDate', 'must not be before today');
  const instalments = generateInstalments(
    total,
    schedule.count,
    firstDueDate,
    schedule.intervalDays,
  );
  // Parts differ by at most one minor unit, so the last one is the smallest.
  if (Money.of(instalments[instalments.length - 1]?.amount ?? '0', data.currency).isZero()) {
    throw invalid(
      'INSTALMENT_ZERO',
      'schedule.count',
      `is too many instalments for ${total.amount}`,
    );
  }
  return instalments;
}

function listed(data: AgreePaymentPlan['data'], total: Money, today: string): PlanInstalment[] {
  const input = data.instalments;
  if (!Array.isArray(input) || input.length === 0 || input.length > INSTALMENTS_MAX) {
    throw invalid(
      'PLAN_INSTALMENTS_REQUIRED',
      'instalments',
      `must list 1 to ${INSTALMENTS_MAX} instalments, or give a schedule`,
    );
  }
  const instalments = input.map((instalment, index) => ({
    number: index + 1,
    dueDate: requireDate(instalment.dueDate, `instalments[${index}].dueDate`),
    amount: positiveMoneyInput(instalment.amount, data.currency, `instalments[${index}].amount`)
      .amount,
  }));
  instalments.forEach((instalment, index) => {
    const previous = instalments[index - 1];
    if (
      previous
        ? daysBetween(previous.dueDate, instalment.dueDate) <= 0
        : daysBetween(today, instalment.dueDate) < 0
    ) {
      throw invalid(
        'INSTALMENT_DATES_NOT_INCREASING',
        `instalments[${index}].dueDate`,
        'must be after the previous instalment and not before today',
      );
    }
  });
  const sum = Money.sum(
    instalments.map((instalment) => Money.of(instalment.amount, data.currency)),
    data.currency,
  );
  if (!sum.equals(total)) {
    throw invalid(
      'INSTALMENTS_DO_NOT_SUM_TO_TOTAL',
      'instalments',
      `sum to ${sum.amount}, not the total ${total.amount}`,
    );
  }
  return instalments;
}

/** Matched to instalments oldest first; anything beyond what the plan owes is left unapplied. */
function recordPayment({ data }: RecordPlanPayment, state: PaymentPlanState): Events {
  if (state.paymentIds.includes(planPaymentKey(data))) return [];
  if (state.status !== 'active')
    throw conflict('PLAN_NOT_ACTIVE', `Payment plan ${state.planId || ''} is not active`.trim());
  const amount = positiveMoneyInput(data.amount, state.currency, 'amount');
  const paidOn = requireDate(data.date, 'date');
  let left = amount;
  const allocations: Array<{ number: number; amount: string }> = [];
  const paid: Events = [];
  for (const instalment of state.instalments) {
    const unpaid = amountUnpaidOf(instalment, state.currency);
    if (!unpaid.isPositive() || !left.isPositive()) continue;
    const applied = Money.min(unpaid, left);
    left = left.subtract(applied);
    allocations.push({ number: instalment.number, amount: applied.amount });
    if (applied.equals(unpaid)) {
      paid.push({
        type: 'InstalmentPaid',
        data: {
          billingAccountId: state.billingAccountId,
          planId: state.planId,
          number: instalment.number,
          dueDate: instalment.dueDate,
          paidOn,
          daysLate: Math.max(0, daysBetween(instalment.dueDate, paidOn)),
        },
      });
    }
  }
  const events: Events = [
    {
      type: 'PlanPaymentRecorded',
      data: {
        billingAccountId: state.billingAccountId,
        planId: state.planId,
        paymentId: data.paymentId,
        ...(data.allocationId ? { allocationId: data.allocationId } : {}),
        amount: amount.amount,
        paidOn,
        allocations,
        amountUnapplied: left.amount,
      },
    },
    ...paid,
  ];
  const paidAfter = planAmountPaid(state).add(amount.subtract(left));
  if (paidAfter.equals(Money.of(state.total, state.currency))) {
    events.push({
      type: 'PaymentPlanCompleted',
      data: { billingAccountId: state.billingAccountId, planId: state.planId, completedOn: paidOn },
    });
  }
  return events;
}

/**
 * A bounced payment no longer pays the plan. Only an active plan takes it back: a completed plan
 * has released its invoices and a broken one has handed them back to dunning, so for those the
 * reopened amount is chased through the invoices' collection cases, not the plan. A payment the
 * plan never counted, or already took back, changes nothing (redelivery is harmless).
 */
function reversePayment({ data }: ReversePlanPayment, state: PaymentPlanState): Events {
  const key = planPaymentKey(data);
  const allocations = state.paidBy[key];
  if (state.status !== 'active' || allocations === undefined) return [];
  const reversedOn = requireDate(data.date, 'date');
  const amount = Money.sum(
    allocations.map((allocation) => Money.of(allocation.amount, state.currency)),
    state.currency,
  );
  return [
    {
      type: 'PlanPaymentReversed',
      data: {
        billingAccountId: state.billingAccountId,
        planId: state.planId,
        paymentId: data.paymentId,
        ...(data.allocationId ? { allocationId: data.allocationId } : {}),
        amount: amount.amount,
        allocations,
        reason: data.reason,
        reversedOn,
      },
    },
  ];
}

/** What makes a plan payment a repeat: its allocation when given, else the payment. */
export function planPaymentKey(payment: { paymentId: string; allocationId?: string }): string {
  return payment.allocationId ?? payment.paymentId;
}

/**
 * Broken once an instalment is still unpaid `graceDays` after its due date. Dunning then resumes
 * on what the plan still owed, per invoice, and nothing more.
 */
function evaluate({ data }: EvaluatePlan, state: PaymentPlanState): Events {
  if (state.status !== 'active') return [];
  const today = requireDate(data.today, 'today');
  const graceDays = data.graceDays ?? DEFAULT_GRACE_DAYS;
  if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > GRACE_DAYS_MAX) {
    throw invalid(
      'INVALID_GRACE_DAYS',
      'graceDays',
      `must be a whole number from 0 to ${GRACE_DAYS_MAX}`,
    );
  }
  const missed = state.instalments.filter(
    (instalment) =>
      amountUnpaidOf(instalment, state.currency).isPositive() &&
      daysBetween(instalment.dueDate, today) > graceDays,
  );
  if (missed.length === 0) return [];
  const common = { billingAccountId: state.billingAccountId, planId: state.planId };
  const total = Money.of(state.total, state.currency);
  return [
    ...missed.map((instalment): PaymentPlanEvent => ({
      type: 'InstalmentMissed',
      data: {
        ...common,
        number: instalment.number,
        dueDate: instalment.dueDate,
        amountDue: instalment.amount,
        amountUnpaid: amountUnpaidOf(instalment, state.currency).amount,
        graceDays,
        detectedOn: today,
      },
    })),
    {
      type: 'PaymentPlanBroken',
      data: {
        ...common,
        amountUnpaid: total.subtract(planAmountPaid(state)).amount,
        invoices: unpaidPerInvoice(state),
        brokenOn: today,
      },
    },
  ];
}

/** Plan payments settle the plan's invoices in the order they were listed. */
export function unpaidPerInvoice(state: PaymentPlanState): PlanInvoice[] {
  let paid = planAmountPaid(state);
  return state.invoices.flatMap((invoice) => {
    const covered = Money.of(invoice.amount, state.currency);
    const settled = Money.min(covered, paid);
    paid = paid.subtract(settled);
    const unpaid = covered.subtract(settled);
    return unpaid.isPositive() ? [{ invoiceId: invoice.invoiceId, amount: unpaid.amount }] : [];
  });
}

/** The unpaid remainder of a plan, for the worklist or a statement. */
export function planAmountUnpaid(state: PaymentPlanState): Money {
  return moneyInput(state.total, state.currency, 'total').subtract(planAmountPaid(state));
}
