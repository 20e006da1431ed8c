import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@billing/event-store';

/** A recorded invoice event as a store would hand it to the relay; amounts are decimal strings. */
export function recordedEvent(
  accountId: string,
  streamVersion: number,
  globalPosition: number,
): RecordedEvent {
  return {
    eventId: randomUUID(),
    type: 'InvoiceIssued',
    schemaVersion: 1,
    data: { billingAccountId: accountId, amountTotal: `${globalPosition}.10` },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'tester', roles: ['billing-coordinator'] },
      service: 'invoicing',
    },
    occurredAt: new Date(0).toISOString(),
    streamId: `invoice-${accountId}`,
    streamVersion,
    globalPosition,
    recordedAt: new Date(0).toISOString(),
  };
}
