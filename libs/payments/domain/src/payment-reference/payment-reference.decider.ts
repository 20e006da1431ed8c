import { DomainError, type Decider } from '@billing/kernel';
import {
  normalizeExternalReference,
  type DomainCommand,
  type PaymentReferenceEvent,
} from '@billing/contracts';

/**
 * Duplicate payment guard (stream `paymentreference-<uuid>`, see `paymentReferenceStream`).
 *
 * How the RecordPayment handler uses it:
 * 1. decide RecordPayment on the (empty) payment stream, so an invalid payment claims nothing;
 * 2. load this stream, decide ClaimPaymentReference, append with expected version `'no_stream'`
 *    (a racing recorder's append fails; on that conflict reload and decide again: the decider
 *    now refuses with 409 `DUPLICATE_PAYMENT` naming the original payment);
 * 3. append PaymentReceived to `payment-<id>` with `'no_stream'`.
 * A crash between 2 and 3 is safe: the retry of the same payment finds its own claim (no event)
 * and goes on to 3. So a duplicate is flagged (the 409 names the original) and never recorded
 * twice.
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
