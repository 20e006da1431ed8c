import { Money } from '@billing/money';
import { invariant } from '@billing/kernel';
import {
  normalizeExternalReference,
  type PaymentEvent,
  type PaymentMethod,
  type RemittanceLine,
} from '@billing/contracts';

export type AllocationStatus = 'pending' | 'confirmed' | 'returned' | 'reversed';

export interface PaymentAllocation {
  allocationId: string;
  invoiceId: string;
  amount: Money;
  status: AllocationStatus;
  /** Taken back by chargebacks; only ever from a confirmed allocation. */
  amountChargedBack: Money;
}

/** A chargeback recorded on the payment, to recognise a retry and a repeated bank reference. */
export interface RecordedChargeback {
  chargebackId: string;
  /** As compared: blanks removed, upper case. */
  normalizedReference: string;
}

/** What of an allocation still counts as applied (or proposed): its amount less chargebacks. */
export function amountStillAllocated(allocation: PaymentAllocation): Money {
  return allocation.amount.subtract(allocation.amountChargedBack);
}

export interface PaymentState {
  status: 'none' | 'received' | 'reversed';
  paymentId: string;
  billingAccountId: string;
  currency: string;
  method: PaymentMethod | null;
  externalReference: string;
  receivedDate: string;
  remittance: RemittanceLine[];
  /** The request as first recorded, to recognise a retried RecordPayment. */
  fingerprint: string;
  amount: Money | null;
  unapplied: Money | null;
  refunded: Money | null;
  /** Allocations and unapplied money released when the payment bounced. */
  reversed: Money | null;
  /** Taken back by the bank in chargebacks (from unapplied credit and applied allocations). */
  chargedBack: Money | null;
  allocations: PaymentAllocation[];
  refundIds: string[];
  confirmationIds: string[];
  chargebacks: RecordedChargeback[];
}

export const initialPaymentState = (): PaymentState => ({
  status: 'none',
  paymentId: '',
  billingAccountId: '',
  currency: '',
  method: null,
  externalReference: '',
  receivedDate: '',
  remittance: [],
  fingerprint: '',
  amount: null,
  unapplied: null,
  refunded: null,
  reversed: null,
  chargedBack: null,
  allocations: [],
  refundIds: [],
  confirmationIds: [],
  chargebacks: [],
});

export interface PaymentBalances {
  amount: Money;
  unapplied: Money;
  refunded: Money;
  reversed: Money;
  chargedBack: Money;
  pending: Money;
  /** Confirmed allocations, less what chargebacks took back from them. */
  confirmed: Money;
}

export function balancesOf(state: PaymentState): PaymentBalances {
  invariant(
    state.amount !== null &&
      state.unapplied !== null &&
      state.refunded !== null &&
      state.reversed !== null,
    'balances exist only once the payment is received',
  );
  const sum = (status: AllocationStatus) =>
    Money.sum(
      state.allocations.filter((a) => a.status === status).map(amountStillAllocated),
      state.currency,
    );
  return {
    amount: state.amount,
    unapplied: state.unapplied,
    refunded: state.refunded,
    reversed: state.reversed,
    // Payments recorded before chargebacks existed have none.
    chargedBack: state.chargedBack ?? Money.zero(state.currency),
    pending: sum('pending'),
    confirmed: sum('confirmed'),
  };
}

/**
 * Every minor unit of the payment is somewhere: applied (confirmed + pending) + unapplied +
 * refunded + reversed + charged back == amount (reversed is zero until the payment bounces).
 */
function assertBalanced(state: PaymentState): PaymentState {
  const b = balancesOf(state);
  const accounted = Money.sum(
    [b.confirmed, b.pending, b.unapplied, b.refunded, b.reversed, b.chargedBack],
    state.currency,
  );
  invariant(
    accounted.equals(b.amount),
    `payment ${state.paymentId}: ${accounted.amount} accounted for, ${b.amount.amount} received`,
  );
  invariant(
    !b.unapplied.isNegative(),
    `payment ${state.paymentId}: unapplied ${b.unapplied.amount} is below zero`,
  );
  return state;
}

function withAllocationStatus(
  state: PaymentState,
  allocationId: string,
  status: AllocationStatus,
): PaymentAllocation[] {
  invariant(
    state.allocations.some((a) => a.allocationId === allocationId),
    `unknown allocation ${allocationId}`,
  );
  return state.allocations.map((a) => (a.allocationId === allocationId ? { ...a, status } : a));
}

/** The data of one kind of payment event. */
type PaymentEventData<T extends PaymentEvent['type']> = Extract<PaymentEvent, { type: T }>['data'];

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentReceived':
      return received(state, event.data);
    case 'PaymentAllocated':
      return allocated(state, event.data);
    case 'AllocationConfirmed':
      return assertBalanced({
        ...state,
        allocations: withAllocationStatus(state, event.data.allocationId, 'confirmed'),
      });
    case 'AllocationReturned': {
      const d = event.data;
      return assertBalanced({
        ...state,
        allocations: withAllocationStatus(state, d.allocationId, 'returned'),
        unapplied: Money.of(d.unappliedAfter, d.currency),
      });
    }
    case 'PaymentReversed':
      return reversed(state, event.data);
    case 'UnappliedCreditRefunded':
      return refunded(state, event.data);
    case 'PaymentConfirmationIssued':
      return { ...state, confirmationIds: [...state.confirmationIds, event.data.confirmationId] };
    case 'UnappliedCreditChargedBack': {
      const d = event.data;
      return assertBalanced({
        ...withChargeback(state, d.chargebackId, d.chargebackReference),
        unapplied: Money.of(d.unappliedAfter, d.currency),
        chargedBack: balancesOf(state).chargedBack.add(Money.of(d.amount, d.currency)),
      });
    }
    case 'ChargebackReceived': {
      const d = event.data;
      const amount = Money.of(d.amount, d.currency);
      return assertBalanced({
        ...withChargeback(state, d.chargebackId, d.chargebackReference),
        allocations: chargeBackAllocations(state.allocations, d.invoiceId, amount),
        chargedBack: balancesOf(state).chargedBack.add(amount),
      });
    }
  }
}

function received(state: PaymentState, d: PaymentEventData<'PaymentReceived'>): PaymentState {
  const amount = Money.of(d.amount, d.currency);
  const zero = Money.zero(d.currency);
  return assertBalanced({
    ...state,
    status: 'received',
    paymentId: d.paymentId,
    billingAccountId: d.billingAccountId,
    currency: d.currency,
    method: d.method,
    externalReference: d.externalReference,
    receivedDate: d.receivedDate,
    remittance: d.remittance ?? [],
    fingerprint: paymentFingerprint(d),
    amount,
    unapplied: amount,
    refunded: zero,
    reversed: zero,
    chargedBack: zero,
  });
}

function allocated(state: PaymentState, d: PaymentEventData<'PaymentAllocated'>): PaymentState {
  const added = d.allocations.map((a) => ({
    allocationId: a.allocationId,
    invoiceId: a.invoiceId,
    amount: Money.of(a.amount, d.currency),
    status: 'pending' as const,
    amountChargedBack: Money.zero(d.currency),
  }));
  return assertBalanced({
    ...state,
    allocations: [...state.allocations, ...added],
    unapplied: Money.of(d.unappliedAfter, d.currency),
  });
}

function reversed(state: PaymentState, d: PaymentEventData<'PaymentReversed'>): PaymentState {
  const reversedIds = new Set(d.allocationsToReverse.map((a) => a.allocationId));
  const released = Money.sum(
    [
      ...d.allocationsToReverse.map((a) => Money.of(a.amount, d.currency)),
      Money.of(d.unappliedReleased, d.currency),
    ],
    d.currency,
  );
  return assertBalanced({
    ...state,
    status: 'reversed',
    allocations: state.allocations.map((a) =>
      reversedIds.has(a.allocationId) ? { ...a, status: 'reversed' } : a,
    ),
    unapplied: Money.zero(d.currency),
    reversed: balancesOf(state).reversed.add(released),
  });
}

function refunded(
  state: PaymentState,
  d: PaymentEventData<'UnappliedCreditRefunded'>,
): PaymentState {
  return assertBalanced({
    ...state,
    unapplied: Money.of(d.unappliedAfter, d.currency),
    refunded: balancesOf(state).refunded.add(Money.of(d.amount, d.currency)),
    refundIds: [...state.refundIds, d.refundId],
  });
}

function withChargeback(
  state: PaymentState,
  chargebackId: string,
  reference: string,
): PaymentState {
  if (state.chargebacks.some((c) => c.chargebackId === chargebackId)) return state;
  const normalizedReference = normalizeExternalReference(reference);
  return { ...state, chargebacks: [...state.chargebacks, { chargebackId, normalizedReference }] };
}

/**
 * A chargeback takes applied money back from the most recent confirmed allocation first (the
 * rule the decider used to split it per invoice, and the one invoicing applies to the invoice).
 */
export function chargeBackAllocations(
  allocations: PaymentAllocation[],
  invoiceId: string,
  amount: Money,
): PaymentAllocation[] {
  let left = amount;
  const updated = [...allocations];
  for (let i = updated.length - 1; i >= 0 && left.isPositive(); i -= 1) {
    const allocation = updated[i]!;
    if (allocation.invoiceId !== invoiceId || allocation.status !== 'confirmed') continue;
    const part = Money.min(left, amountStillAllocated(allocation));
    left = left.subtract(part);
    updated[i] = { ...allocation, amountChargedBack: allocation.amountChargedBack.add(part) };
  }
  invariant(
    left.isZero(),
    `chargeback of ${amount.amount} exceeds what is applied to invoice ${invoiceId}`,
  );
  return updated;
}

export function paymentFingerprint(d: {
  billingAccountId: string;
  amount: string;
  currency: string;
  method: string;
  externalReference: string;
  receivedDate: string;
  remittance?: RemittanceLine[];
}): string {
  return JSON.stringify([
    d.billingAccountId,
    d.amount,
    d.currency,
    d.method,
    d.externalReference,
    d.receivedDate,
    (d.remittance ?? []).map((r) => [r.invoiceId, r.amount]),
  ]);
}
