import { randomUUID } from 'node:crypto';
import type { EventStore } from '@billing/event-store';
import { paymentStream, type PaymentEvent } from '@billing/contracts';

/**
 * Payments' side, written to the shared store as the payments service would (its category, its
 * service name): invoicing learns of allocations and reversals only through these events.
 */
export async function publishAsPayments(
  store: EventStore,
  paymentId: string,
  events: PaymentEvent[],
): Promise<void> {
  await store.appendToStream(
    paymentStream(paymentId),
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'clerk', roles: ['billing-clerk'] },
        service: 'payments',
      },
      occurredAt: '2026-03-03T10:00:00.000Z',
    })),
    { expected: 'any' },
  );
}
