import { DomainError, type Decider } from '@billing/kernel';
import {
  normalizeExternalReference,
  type DomainCommand,
  type PaymentReferenceEvent,
} from '@billing/contracts';

/**
 * Duplicate payment guard (stream `paymentreference-<uuid>`, see `paymentReferenceStream`).
 *
 * Recording a payment (`decideRecordPayment`) decides the payment first, so an invalid payment
 * claims nothing, then this claim, then the allocation; the claim and the payment are appended in
 * one all-or-none append with each stream's expected version. A racing recorder of the same
 * reference loses the append, decides again on the claimed stream, and is refused with 409
 * `DUPLICATE_PAYMENT` naming the original. So a duplicate is flagged and never recorded twice,
 * and no claim is left behind without its payment.
 */
export interface ClaimPaymentReferenceData {
  billingAccountId: string;
  paymentId: string;
  externalReference: string;
}

export type PaymentReferenceCommand = DomainCommand<
  'ClaimPaymentReference',
  ClaimPaymentReferenceData
>;

export interface PaymentReferenceState {
  claimedByPaymentId: string | null;
}

export function duplicatePaymentError(
  originalPaymentId: string,
  externalReference: string,
): DomainError {
  return new DomainError(
    'DUPLICATE_PAYMENT',
    `A payment with reference ${externalReference} was already recorded as payment ${originalPaymentId}`,
    'conflict',
    [{ field: 'externalReference', reason: `already recorded as payment ${originalPaymentId}` }],
  );
}

export const paymentReferenceDecider: Decider<
  PaymentReferenceState,
  PaymentReferenceCommand,
  PaymentReferenceEvent
> = {
  initialState: () => ({ claimedByPaymentId: null }),
  evolve: (state, event) =>
    state.claimedByPaymentId === null ? { claimedByPaymentId: event.data.paymentId } : state,
  decide: (command, state) => {
    const d = command.data;
    if (state.claimedByPaymentId === d.paymentId) return [];
    if (state.claimedByPaymentId !== null)
      throw duplicatePaymentError(state.claimedByPaymentId, d.externalReference);
    return [
      {
        type: 'PaymentReferenceClaimed',
        data: { ...d, normalizedReference: normalizeExternalReference(d.externalReference) },
      },
    ];
  },
};
