import { randomUUID } from 'node:crypto';
import type { EventStore } from '@billing/event-store';
import { disputeStream, type DisputeEvent } from '@billing/contracts';

/**
 * The disputes context's side, written to the shared store as the disputes service would (its
 * category, its service name), for read-model cases the real service cannot be made to produce on
 * demand (a credit note overtaking the opening). The flow through the real disputes service is in
 * apps/server/test/payments-dispute-holds.e2e.spec.ts.
 */
export async function publishAsDisputes(
  store: EventStore,
  disputeId: string,
  events: DisputeEvent[],
): Promise<void> {
  await store.appendToStream(
    disputeStream(disputeId),
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'manager-1', roles: ['billing-manager'] },
        service: 'disputes',
      },
      occurredAt: '2026-03-05T09:00:00.000Z',
    })),
    { expected: 'any' },
  );
}

export function disputeOpened(
  billingAccountId: string,
  invoiceId: string,
  disputeId: string,
  amount: string,
): DisputeEvent {
  return {
    type: 'DisputeOpened',
    data: {
      billingAccountId,
      disputeId,
      invoiceId,
      scope: 'amount',
      amount,
      currency: 'USD',
      reasonCategory: 'pricing_error',
      customerStatement: 'Billed for hours not worked.',
      openedAt: '2026-03-05T09:00:00.000Z',
      openedBy: 'clerk-1',
      source: 'manual',
      resolutionDueDate: '2026-03-19',
    },
  };
}

export function disputeAccepted(
  billingAccountId: string,
  invoiceId: string,
  disputeId: string,
  acceptedAmount: string,
  releasedAmount: string,
): DisputeEvent {
  return {
    type: 'DisputeAccepted',
    data: {
      billingAccountId,
      disputeId,
      invoiceId,
      outcome: 'accepted_partial',
      currency: 'USD',
      acceptedAmount,
      releasedAmount,
      resolvedBy: 'manager-1',
      resolvedAt: '2026-03-06T09:00:00.000Z',
    },
  };
}
