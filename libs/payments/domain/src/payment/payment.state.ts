import { Money } from '@billing/money';
import { invariant } from '@billing/kernel';
import type { PaymentEvent, PaymentMethod, RemittanceLine } from '@billing/contracts';

export type AllocationStatus = 'pending' | 'confirmed' | 'returned' | 'reversed';

export interface PaymentAllocation {
  allocationId: string;
  invoiceId: string;
  amount: Money;
  status: AllocationStatus;
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
  allocations: PaymentAllocation[];
  refundIds: string[];
  confirmationIds: string[];
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
  allocations: [],
  refundIds: [],
  confirmationIds: [],
});

export interface PaymentBalances {
  amount: Money;
  unapplied: Money;
  refunded: Money;
  reversed: Money;
  pending: Money;
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
      state.allocations.filter((a) => a.status === status).map((a) => a.amount),
      state.currency,
    );
  return {
    amount: state.amount,
    unapplied: state.unapplied,
    refunded: state.refunded,
    reversed: state.reversed,
    pending: sum('pending'),
    confirmed: sum('confirmed'),
  };
}

/**
 * Every minor unit of the payment is somewhere: applied (confirmed + pending) + unapplied +
 * refunded + reversed == amount (reversed is zero until the payment bounces).
 */
function assertBalanced(state: PaymentState): PaymentState {
  const b = balancesOf(state);
  const accounted = Money.sum(
    [b.confirmed, b.pending, b.unapplied, b.refunded, b.reversed],
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

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentReceived': {
      const d = event.data;
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
      });
    }
    case 'PaymentAllocated': {
      const d = event.data;
      const added = d.allocations.map((a) => ({
        allocationId: a.allocationId,
        invoiceId: a.invoiceId,
        amount: Money.of(a.amount, d.currency),
        status: 'pending' as const,
      }));
      return assertBalanced({
        ...state,
        allocations: [...state.allocations, ...added],
        unapplied: Money.of(d.unappliedAfter, d.currency),
      });
    }
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
    case 'PaymentReversed': {
      const d = event.data;
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
    case 'UnappliedCreditRefunded': {
      const d = event.data;
      return assertBalanced({
        ...state,
        unapplied: Money.of(d.unappliedAfter, d.currency),
        refunded: balancesOf(state).refunded.add(Money.of(d.amount, d.currency)),
        refundIds: [...state.refundIds, d.refundId],
      });
    }
    case 'PaymentConfirmationIssued':
      return { ...state, confirmationIds: [...state.confirmationIds, event.data.confirmationId] };
  }
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
