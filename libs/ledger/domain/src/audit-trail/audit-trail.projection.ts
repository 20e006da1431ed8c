import { asKnown, billingAccountOf, type LedgerEvent } from '../shared/ledger-event';
import type { Projection } from '../shared/projection';
import { own, ownOrPut, put } from '../shared/records';

/** Who, when, why and where of one event: what an auditor asks about each change. */
export interface AuditEntry {
  eventId: string;
  type: string;
  actorId: string;
  actorRoles: string[];
  service: string;
  /** Commit time (store). */
  recordedAt: string;
  /** Business time. */
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
}

export type AllocationTrailStatus = 'proposed' | 'applied' | 'rejected' | 'reversed';

export interface AllocationTrail {
  allocationId: string;
  invoiceId: string;
  amount: string;
  status: AllocationTrailStatus;
  /** Every event about this allocation, payment side and invoice side, in folded order. */
  eventIds: string[];
}

export interface PaymentTrail {
  paymentId: string;
  billingAccountId: string;
  currency: string;
  amount: string;
  externalReference: string;
  receivedDate: string;
  receiptEventId: string | null;
  allocations: Record<string, AllocationTrail>;
  /** Allocation ids in the order they were first seen. */
  allocationOrder: string[];
  refunds: Array<{ refundId: string; amount: string; eventId: string }>;
  reversalEventId: string | null;
  confirmationEventIds: string[];
}

export interface AuditTrailState {
  /** billingAccountId -> every event that carried that account, in folded order. */
  accounts: Record<string, AuditEntry[]>;
  /** eventId -> (billingAccountId, index) so a trail can resolve event ids back to entries. */
  eventIndex: Record<string, { billingAccountId: string; index: number }>;
  payments: Record<string, PaymentTrail>;
  invoiceNumbers: Record<string, string>;
}

export const initialAuditTrailState = (): AuditTrailState => ({
  accounts: {},
  eventIndex: {},
  payments: {},
  invoiceNumbers: {},
});

function entryOf(event: LedgerEvent): AuditEntry {
  return {
    eventId: event.eventId,
    type: event.type,
    actorId: event.metadata.actor.id,
    actorRoles: [...event.metadata.actor.roles],
    service: event.metadata.service,
    recordedAt: event.recordedAt,
    occurredAt: event.occurredAt,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
  };
}

function trackAllocation(
  draft: AuditTrailState,
  event: LedgerEvent,
  paymentId: string,
  allocation: { allocationId: string; invoiceId: string; amount: string },
  status: AllocationTrailStatus | null,
): void {
  const payment = own(draft.payments, paymentId);
  if (payment === undefined) return;
  let trail = own(payment.allocations, allocation.allocationId);
  if (trail === undefined) {
    trail = { ...allocation, status: 'proposed', eventIds: [] };
    put(payment.allocations, allocation.allocationId, trail);
    payment.allocationOrder.push(allocation.allocationId);
  }
  trail.eventIds.push(event.eventId);
  if (status !== null) trail.status = status;
}

function followPaymentEvents(draft: AuditTrailState, event: LedgerEvent): void {
  const e = asKnown(event);
  switch (e.type) {
    case 'InvoiceIssued':
      put(draft.invoiceNumbers, e.data.invoiceId, e.data.number);
      return;
    case 'PaymentReceived': {
      const d = e.data;
      put(draft.payments, d.paymentId, {
        paymentId: d.paymentId,
        billingAccountId: d.billingAccountId,
        currency: d.currency,
        amount: d.amount,
        externalReference: d.externalReference,
        receivedDate: d.receivedDate,
        receiptEventId: event.eventId,
        allocations: {},
        allocationOrder: [],
        refunds: [],
        reversalEventId: null,
        confirmationEventIds: [],
      });
      return;
    }
    case 'PaymentAllocated':
      for (const a of e.data.allocations) trackAllocation(draft, event, e.data.paymentId, a, null);
      return;
    case 'AllocationConfirmed':
      return trackAllocation(draft, event, e.data.paymentId, e.data, null);
    case 'AllocationReturned':
      return trackAllocation(draft, event, e.data.paymentId, e.data, 'rejected');
    case 'PaymentAllocationApplied':
      return trackAllocation(
        draft,
        event,
        e.data.paymentId,
        { ...e.data, amount: e.data.amountApplied },
        'applied',
      );
    case 'PaymentAllocationRejected':
      return trackAllocation(draft, event, e.data.paymentId, e.data, 'rejected');
    case 'PaymentAllocationReversed':
      return trackAllocation(
        draft,
        event,
        e.data.paymentId,
        { ...e.data, amount: e.data.amountReversed },
        'reversed',
      );
    case 'PaymentReversed': {
      const payment = own(draft.payments, e.data.paymentId);
      if (payment !== undefined) payment.reversalEventId = event.eventId;
      return;
    }
    case 'UnappliedCreditRefunded': {
      const payment = own(draft.payments, e.data.paymentId);
      if (payment !== undefined)
        payment.refunds.push({
          refundId: e.data.refundId,
          amount: e.data.amount,
          eventId: event.eventId,
        });
      return;
    }
    case 'PaymentConfirmationIssued': {
      const payment = own(draft.payments, e.data.paymentId);
      if (payment !== undefined) payment.confirmationEventIds.push(event.eventId);
      return;
    }
    default:
      return;
  }
}

function mutate(draft: AuditTrailState, event: LedgerEvent): void {
  const billingAccountId = billingAccountOf(event);
  if (billingAccountId === null) return;
  const entries = ownOrPut(draft.accounts, billingAccountId, (): AuditEntry[] => []);
  put(draft.eventIndex, event.eventId, { billingAccountId, index: entries.length });
  entries.push(entryOf(event));
  followPaymentEvents(draft, event);
}

function appendToTimeline(draft: AuditTrailState, event: LedgerEvent): void {
  const billingAccountId = billingAccountOf(event);
  if (billingAccountId === null) return;
  ownOrPut(draft.accounts, billingAccountId, (): AuditEntry[] => []).push(entryOf(event));
}

/** An audit-trail projection whose every event goes through `step` (no type filter). */
function auditProjection(
  name: string,
  step: (draft: AuditTrailState, event: LedgerEvent) => void,
): Projection<AuditTrailState> {
  return {
    name,
    initial: initialAuditTrailState,
    apply(state, event) {
      if (billingAccountOf(event) === null) return state;
      const draft = structuredClone(state);
      step(draft, event);
      return draft;
    },
    fold(state, events) {
      const draft = structuredClone(state);
      for (const event of events) step(draft, event);
      return draft;
    },
    foldInto(draft, events) {
      for (const event of events) step(draft, event);
    },
  };
}

/**
 * Every event that names a billing account, whatever its type (unknown types included: an audit
 * trail leaves nothing out), plus the links from a payment to its allocations and invoices.
 */
export const auditTrailProjection: Projection<AuditTrailState> = auditProjection(
  'audit-trail',
  mutate,
);

/**
 * The audit trail's per-account timelines alone (`accounts`), the same entries in the same order,
 * without the event index and the payment links: what an account's replay shows, for less work.
 */
export const auditTimelineProjection: Projection<AuditTrailState> = auditProjection(
  'audit-timeline',
  appendToTimeline,
);
