import { asKnown, type LedgerEvent } from '../shared/ledger-event';
import { defineProjection } from '../shared/projection';
import { own, put } from '../shared/records';
import { businessDateOfInstant } from '../shared/business-date';

export type DisputeOutcome = 'accepted_full' | 'accepted_partial' | 'rejected' | 'withdrawn';

export interface DisputeRecord {
  disputeId: string;
  invoiceId: string;
  billingAccountId: string;
  currency: string;
  amount: string;
  openedOn: string;
  resolvedOn: string | null;
  outcome: DisputeOutcome | null;
}

export interface DisputeActivityState {
  disputes: Record<string, DisputeRecord>;
}

export const initialDisputeActivityState = (): DisputeActivityState => ({ disputes: {} });

const handledTypes: ReadonlySet<string> = new Set([
  'DisputeOpened',
  'DisputeAccepted',
  'DisputeRejected',
  'DisputeWithdrawn',
]);

function resolve(
  draft: DisputeActivityState,
  disputeId: string,
  resolvedAt: string,
  outcome: DisputeOutcome,
): void {
  const dispute = own(draft.disputes, disputeId);
  if (dispute === undefined || dispute.resolvedOn !== null) return;
  dispute.resolvedOn = businessDateOfInstant(resolvedAt);
  dispute.outcome = outcome;
}

function mutate(draft: DisputeActivityState, event: LedgerEvent): void {
  const e = asKnown(event);
  switch (e.type) {
    case 'DisputeOpened': {
      const d = e.data;
      put(draft.disputes, d.disputeId, {
        disputeId: d.disputeId,
        invoiceId: d.invoiceId,
        billingAccountId: d.billingAccountId,
        currency: d.currency,
        amount: d.amount,
        // The day the customer raised it, when a coordinator recorded that later.
        openedOn: d.receivedDate ?? businessDateOfInstant(d.openedAt),
        resolvedOn: null,
        outcome: null,
      });
      return;
    }
    case 'DisputeAccepted':
      return resolve(draft, e.data.disputeId, e.data.resolvedAt, e.data.outcome);
    case 'DisputeRejected':
      return resolve(draft, e.data.disputeId, e.data.resolvedAt, 'rejected');
    case 'DisputeWithdrawn':
      return resolve(draft, e.data.disputeId, e.data.resolvedAt, 'withdrawn');
    default:
      return;
  }
}

/** Disputes opened and resolved, for the dispute rate and time-to-resolve metrics. */
export const disputeActivityProjection = defineProjection<DisputeActivityState>({
  name: 'dispute-activity',
  initial: initialDisputeActivityState,
  handles: handledTypes,
  mutate,
});
