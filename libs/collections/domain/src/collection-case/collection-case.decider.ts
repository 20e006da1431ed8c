import type { CollectionCaseEvent } from '@billing/contracts';
import { type Decider, invariant, requireDate, toEpochDay } from '@billing/kernel';
import { Money } from '@billing/money';
import { conflict, invalid, moneyInput, positiveMoneyInput, stored } from '../shared/money-input';
import { defaultDunningPolicy, validateDunningPolicy } from '../dunning/dunning-policy';
import { dueDunningSteps, scheduleShiftOnResume } from '../dunning/due-dunning-steps';
import type {
  CloseCase,
  CollectionCaseCommand,
  EvaluatePromise,
  MakePromiseToPay,
  PlaceDisputeHold,
  PlaceUnderPlan,
  RecordOpenAmountChanged,
  ReleaseDisputeHold,
  ReleaseFromPlan,
  ReleaseRejectedDisputeCredit,
  RunDunning,
  TrackInvoice,
} from './collection-case.commands';
import {
  type CollectionCaseState,
  evolveCollectionCase,
  initialCollectionCaseState,
} from './collection-case.state';

type Events = CollectionCaseEvent[];

/**
 * The receivable case of one invoice (stream `collectioncase-<invoiceId>`). Most commands are fed
 * by the service from other contexts' events, delivered at least once, so repeating one is a
 * no-op rather than an error.
 */
export const collectionCaseDecider: Decider<
  CollectionCaseState,
  CollectionCaseCommand,
  CollectionCaseEvent
> = {
  initialState: initialCollectionCaseState,
  evolve: evolveCollectionCase,
  decide: (command, state) => {
    switch (command.type) {
      case 'TrackInvoice':
        return trackInvoice(command, state);
      case 'RecordOpenAmountChanged':
        return recordOpenAmountChanged(command, requireTracked(state));
      case 'PlaceDisputeHold':
        return placeDisputeHold(command, requireTracked(state));
      case 'ReleaseDisputeHold':
        return releaseDisputeHold(command, requireTracked(state));
      case 'ReleaseRejectedDisputeCredit':
        // An invoice collections never tracked holds nothing (invoicing rejects `invoice_not_issued`).
        return state.status === 'untracked' ? [] : releaseRejectedDisputeCredit(command, state);
      case 'PlaceUnderPlan':
        return placeUnderPlan(command, requireTracked(state));
      case 'ReleaseFromPlan':
        return releaseFromPlan(command, requireTracked(state));
      case 'RunDunning':
        return runDunning(command, requireTracked(state));
      case 'MakePromiseToPay':
        return makePromiseToPay(command, requireTracked(state));
      case 'EvaluatePromise':
        return evaluatePromise(command, requireTracked(state));
      case 'CloseCase':
        return closeCase(command, requireTracked(state));
    }
  },
};

function requireTracked(state: CollectionCaseState): CollectionCaseState {
  if (state.status === 'untracked')
    throw conflict('CASE_NOT_TRACKED', 'No issued invoice is tracked for this case');
  return state;
}

/** True when invoicing's event at `invoiceVersion` was already learned (a redelivery or an older one). */
function alreadyLearned(state: CollectionCaseState, invoiceVersion: number | undefined): boolean {
  return invoiceVersion !== undefined && invoiceVersion <= state.invoiceVersion;
}

function invoiceVersionOf(invoiceVersion: number | undefined): { invoiceVersion?: number } {
  if (invoiceVersion === undefined) return {};
  invariant(
    Number.isInteger(invoiceVersion) && invoiceVersion > 0,
    `invoiceVersion ${invoiceVersion} is not a stream version`,
  );
  return { invoiceVersion };
}

function trackInvoice({ data }: TrackInvoice, state: CollectionCaseState): Events {
  if (state.status !== 'untracked') return [];
  const amountTotal = moneyInput(data.amountTotal, data.currency, 'amountTotal');
  const amountOpen = moneyInput(data.amountOpen, data.currency, 'amountOpen');
  if (amountOpen.isNegative())
    throw invalid('AMOUNT_NEGATIVE', 'amountOpen', 'must not be negative');
  return [
    {
      type: 'InvoiceTracked',
      data: {
        billingAccountId: data.billingAccountId,
        invoiceId: data.invoiceId,
        invoiceNumber: data.invoiceNumber,
        currency: data.currency,
        amountTotal: amountTotal.amount,
        amountOpen: amountOpen.amount,
        dueDate: requireDate(data.dueDate, 'dueDate'),
        segment: data.segment ?? defaultDunningPolicy.segment,
        ...invoiceVersionOf(data.invoiceVersion),
      },
    },
  ];
}

function recordOpenAmountChanged(
  { data }: RecordOpenAmountChanged,
  state: CollectionCaseState,
): Events {
  if (alreadyLearned(state, data.invoiceVersion)) return [];
  const amountOpen = moneyInput(data.amountOpen, state.currency, 'amountOpen');
  if (amountOpen.isNegative())
    throw invalid('AMOUNT_NEGATIVE', 'amountOpen', 'must not be negative');
  const occurredOn = requireDate(data.occurredOn, 'occurredOn');
  const events: Events = [];
  if (!amountOpen.equals(stored(state.amountOpen, state.currency))) {
    events.push({
      type: 'OpenAmountChanged',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        amountOpen: amountOpen.amount,
        amountOpenBefore: state.amountOpen,
        cause: data.cause,
        ...(data.reference ? { reference: data.reference } : {}),
        ...(data.disputeId ? { disputeId: data.disputeId } : {}),
        occurredOn,
        ...invoiceVersionOf(data.invoiceVersion),
      },
    });
  }
  const stillHeld = data.disputeId ? state.holds[data.disputeId] : undefined;
  if (data.disputeId && stillHeld !== undefined) {
    // The accepted part of a dispute stays on hold until its credit note lowers the open amount.
    events.push({
      type: 'DisputeHoldReleased',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        disputeId: data.disputeId,
        amountReleased: Money.zero(state.currency).amount,
        amountStillHeld: Money.zero(state.currency).amount,
        reason: 'credited',
      },
    });
  }
  return events;
}

function placeDisputeHold({ data }: PlaceDisputeHold, state: CollectionCaseState): Events {
  // Heard of already: held now, or lifted since (a redelivered opening must not hold it again).
  if (state.disputes[data.disputeId] !== undefined) return [];
  const amount = positiveMoneyInput(data.amount, state.currency, 'amount');
  const held = Object.values(state.holds).reduce(
    (sum, value) => sum.add(stored(value, state.currency)),
    amount,
  );
  return [
    {
      type: 'DisputeHoldPlaced',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        disputeId: data.disputeId,
        amount: amount.amount,
        amountHeldTotal: held.amount,
      },
    },
  ];
}

function releaseDisputeHold({ data }: ReleaseDisputeHold, state: CollectionCaseState): Events {
  // A dispute is resolved once: a repeated resolution must not release its accepted part too.
  if (state.disputes[data.disputeId] !== 'open') return [];
  const heldValue = state.holds[data.disputeId];
  if (heldValue === undefined) return [];
  const held = stored(heldValue, state.currency);
  const released = moneyInput(data.amountReleased, state.currency, 'amountReleased');
  if (released.isNegative() || released.greaterThan(held)) {
    throw invalid(
      'RELEASE_EXCEEDS_HOLD',
      'amountReleased',
      `must be between 0 and the ${held.amount} held`,
    );
  }
  return [
    {
      type: 'DisputeHoldReleased',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        disputeId: data.disputeId,
        amountReleased: released.amount,
        amountStillHeld: held.subtract(released).amount,
        reason: 'resolved',
      },
    },
  ];
}

/**
 * The accepted part of a dispute waits for its credit note; when invoicing refuses that credit it
 * would wait for good, so whatever the dispute still holds is released, even on a closed case.
 * Recorded also when the case has not heard of the dispute yet (another topic), so a late opening
 * does not hold it again; a repeat finds the dispute closed and changes nothing.
 */
function releaseRejectedDisputeCredit(
  { data }: ReleaseRejectedDisputeCredit,
  state: CollectionCaseState,
): Events {
  if (state.disputes[data.disputeId] === 'closed') return [];
  const heldValue = state.holds[data.disputeId];
  const held =
    heldValue === undefined ? Money.zero(state.currency) : stored(heldValue, state.currency);
  return [
    {
      type: 'DisputeHoldReleased',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        disputeId: data.disputeId,
        amountReleased: held.amount,
        amountStillHeld: Money.zero(state.currency).amount,
        reason: 'resolved',
      },
    },
  ];
}

function placeUnderPlan({ data }: PlaceUnderPlan, state: CollectionCaseState): Events {
  if (state.plan?.planId === data.planId) return [];
  if (state.plan)
    throw conflict(
      'INVOICE_ALREADY_UNDER_PLAN',
      `The invoice is already in plan ${state.plan.planId}`,
    );
  const amount = positiveMoneyInput(data.amount, state.currency, 'amount');
  if (amount.greaterThan(stored(state.amountOpen, state.currency))) {
    throw invalid(
      'PLAN_EXCEEDS_OPEN_AMOUNT',
      'amount',
      `must not exceed the open amount ${state.amountOpen}`,
    );
  }
  return [
    {
      type: 'InvoicePlacedUnderPlan',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        planId: data.planId,
        amountUnderPlan: amount.amount,
      },
    },
  ];
}

function releaseFromPlan({ data }: ReleaseFromPlan, state: CollectionCaseState): Events {
  if (state.plan?.planId !== data.planId) return [];
  const releasedOn = requireDate(data.releasedOn, 'releasedOn');
  const policy = validateDunningPolicy(data.policy ?? defaultDunningPolicy);
  return [
    {
      type: 'InvoiceReleasedFromPlan',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        planId: data.planId,
        reason: data.reason,
        releasedOn,
        scheduleShiftDays: scheduleShiftOnResume(state, policy, releasedOn),
      },
    },
  ];
}

function runDunning({ data }: RunDunning, state: CollectionCaseState): Events {
  const today = requireDate(data.today, 'today');
  const policy = validateDunningPolicy(data.policy ?? defaultDunningPolicy);
  const due = dueDunningSteps(state, policy, today);
  if (!due.take || !due.amountConcerned) return [];
  const takenBefore = new Set(state.stepsTaken.map((taken) => taken.step));
  invariant(
    !takenBefore.has(due.take.step),
    `dunning step ${due.take.step} taken twice on ${state.invoiceId}`,
  );
  const taken = due.take;
  const skipped: Events = due.skip.map((rule) => ({
    type: 'DunningStepSkipped',
    data: {
      billingAccountId: state.billingAccountId,
      invoiceId: state.invoiceId,
      step: rule.step,
      reason: 'superseded',
      supersededBy: taken.step,
      skippedOn: today,
    },
  }));
  return [
    ...skipped,
    {
      type: 'DunningStepTaken',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        invoiceNumber: state.invoiceNumber,
        step: taken.step,
        channels: [...taken.channels],
        amountConcerned: due.amountConcerned.amount,
        currency: state.currency,
        daysOverdue: due.daysOverdue,
        dueDate: state.dueDate,
        takenOn: today,
      },
    },
  ];
}

function makePromiseToPay({ data }: MakePromiseToPay, state: CollectionCaseState): Events {
  if (state.promise?.promiseId === data.promiseId) return [];
  if (state.status !== 'open')
    throw conflict('CASE_CLOSED', 'The invoice is no longer collectable');
  if (state.promise) {
    throw conflict(
      'PROMISE_ALREADY_ACTIVE',
      `Promise ${state.promise.promiseId} is still open until ${state.promise.promisedDate}`,
    );
  }
  const today = requireDate(data.today, 'today');
  const promisedDate = requireDate(data.date, 'date');
  if ((toEpochDay(promisedDate) as number) <= (toEpochDay(today) as number)) {
    throw invalid('PROMISE_DATE_NOT_FUTURE', 'date', `must be after today (${today})`);
  }
  const amount = positiveMoneyInput(data.amount, state.currency, 'amount');
  if (amount.greaterThan(stored(state.amountOpen, state.currency))) {
    throw invalid(
      'PROMISE_EXCEEDS_OPEN_AMOUNT',
      'amount',
      `must not exceed the open amount ${state.amountOpen}`,
    );
  }
  return [
    {
      type: 'PromiseToPayMade',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        promiseId: data.promiseId,
        amount: amount.amount,
        currency: state.currency,
        promisedDate,
        madeOn: today,
        madeBy: data.madeBy,
      },
    },
  ];
}

/**
 * Kept as soon as the promised amount is paid; broken only once the promised date has passed
 * without it. Either way dunning resumes with the next step (if anything is left to chase).
 */
function evaluatePromise({ data }: EvaluatePromise, state: CollectionCaseState): Events {
  const promise = state.promise;
  if (!promise) return [];
  const today = requireDate(data.today, 'today');
  const policy = validateDunningPolicy(data.policy ?? defaultDunningPolicy);
  const paid = moneyInput(
    data.amountPaidSincePromise ?? promise.amountPaid,
    state.currency,
    'amountPaidSincePromise',
  );
  if (paid.isNegative())
    throw invalid('AMOUNT_NEGATIVE', 'amountPaidSincePromise', 'must not be negative');
  const promised = stored(promise.amount, state.currency);
  // Settled in full (paid, or partly credited and the rest paid): nothing is left to break.
  const settled = stored(state.amountOpen, state.currency).isZero();
  const common = {
    billingAccountId: state.billingAccountId,
    invoiceId: state.invoiceId,
    promiseId: promise.promiseId,
  };
  if (paid.greaterThanOrEqual(promised) || settled) {
    return [
      {
        type: 'PromiseToPayKept',
        data: {
          ...common,
          amountPaid: paid.amount,
          evaluatedOn: today,
          scheduleShiftDays: scheduleShiftOnResume(state, policy, today),
        },
      },
    ];
  }
  if ((toEpochDay(today) as number) <= (toEpochDay(promise.promisedDate) as number)) return [];
  return [
    {
      type: 'PromiseToPayBroken',
      data: {
        ...common,
        amountPromised: promised.amount,
        amountPaid: paid.amount,
        amountShort: promised.subtract(paid).amount,
        evaluatedOn: today,
        scheduleShiftDays: scheduleShiftOnResume(state, policy, today),
      },
    },
  ];
}

function closeCase({ data }: CloseCase, state: CollectionCaseState): Events {
  if (state.status === 'closed' || alreadyLearned(state, data.invoiceVersion)) return [];
  return [
    {
      type: 'CollectionCaseClosed',
      data: {
        billingAccountId: state.billingAccountId,
        invoiceId: state.invoiceId,
        reason: data.reason,
        closedOn: requireDate(data.closedOn, 'closedOn'),
        ...invoiceVersionOf(data.invoiceVersion),
      },
    },
  ];
}
