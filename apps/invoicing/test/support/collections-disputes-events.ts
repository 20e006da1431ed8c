import { randomUUID } from 'node:crypto';
import type { EventStore } from '@billing/event-store';
import { Money } from '@billing/money';
import {
  disputeStream,
  writeOffStream,
  type DisputeEvent,
  type WriteOffEvent,
} from '@billing/contracts';

async function publishAs(
  store: EventStore,
  service: 'collections' | 'disputes',
  streamId: string,
  events: Array<{ type: string; data: unknown }>,
  occurredAt: string,
): Promise<void> {
  await store.appendToStream(
    streamId,
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'manager-2', roles: ['billing-manager'] },
        service,
      },
      occurredAt,
    })),
    { expected: 'any' },
  );
}

/**
 * Collections' side, written to the shared store as the collections service would (its
 * category, its service name): invoicing learns of approved write-offs only through these events.
 */
export function publishAsCollections(
  store: EventStore,
  writeOffId: string,
  events: WriteOffEvent[],
  occurredAt = '2026-04-10T10:00:00.000Z',
): Promise<void> {
  return publishAs(store, 'collections', writeOffStream(writeOffId), events, occurredAt);
}

/** Disputes' side: invoicing learns of accepted disputes only through these events. */
export function publishAsDisputes(
  store: EventStore,
  disputeId: string,
  events: DisputeEvent[],
  occurredAt = '2026-04-12T10:00:00.000Z',
): Promise<void> {
  return publishAs(store, 'disputes', disputeStream(disputeId), events, occurredAt);
}

export function writeOffApproved(
  billingAccountId: string,
  writeOffId: string,
  invoices: Array<{ invoiceId: string; amount: string }>,
): WriteOffEvent {
  const total = Money.sum(
    invoices.map((i) => Money.of(i.amount, 'USD')),
    'USD',
  );
  return {
    type: 'WriteOffApproved',
    data: {
      billingAccountId,
      writeOffId,
      currency: 'USD',
      amount: total.amount,
      invoices,
      reason: 'Customer insolvent, no assets',
      requestedBy: 'agent-1',
      approvedBy: 'manager-2',
      autoApproved: false,
      approvedAt: '2026-04-10T10:00:00.000Z',
    },
  };
}

export function disputeAccepted(
  billingAccountId: string,
  disputeId: string,
  invoiceId: string,
  acceptedAmount: string,
  releasedAmount = '0.00',
): DisputeEvent {
  return {
    type: 'DisputeAccepted',
    data: {
      billingAccountId,
      disputeId,
      invoiceId,
      outcome: releasedAmount === '0.00' ? 'accepted_full' : 'accepted_partial',
      currency: 'USD',
      acceptedAmount,
      releasedAmount,
      explanation: 'Line 2 was billed at the old rate',
      resolvedBy: 'manager-2',
      resolvedAt: '2026-04-12T10:00:00.000Z',
    },
  };
}
