import type {
  CollectionsEvent,
  DisputesEvent,
  InvoicingEvent,
  PaymentsEvent,
} from '@billing/contracts';

/** Who did it: the authenticated subject and the roles they acted with. */
export interface LedgerActor {
  id: string;
  roles: string[];
}

export interface LedgerEventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: LedgerActor;
  service: string;
  idempotencyKey?: string;
}

/**
 * An event as the ledger reads it from the store's global order. Structurally a subset of the
 * event store's `RecordedEvent`, so the service passes recorded events straight in; this library
 * does not import the event store (a domain library sits below it).
 */
export interface LedgerEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  schemaVersion?: number;
  data: Data;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  /** Business time, ISO-8601 instant. */
  occurredAt: string;
  /** Commit time, ISO-8601 instant, set by the store. */
  recordedAt: string;
  metadata: LedgerEventMetadata;
}

type ContractEvent = InvoicingEvent | PaymentsEvent | CollectionsEvent | DisputesEvent;

type ToLedgerEvent<E> = E extends { type: infer T extends string; data: infer D }
  ? LedgerEvent<T, D>
  : never;

/** Every event type of the four command-side contexts, with its `data` typed. */
export type KnownLedgerEvent = ToLedgerEvent<ContractEvent>;

/**
 * Views an event as one of the contract events so a `switch` on `type` narrows `data`. Types the
 * ledger does not know fall through every `case`, which is how projections ignore them.
 */
export function asKnown(event: LedgerEvent): KnownLedgerEvent {
  return event as unknown as KnownLedgerEvent;
}

/** The billing account an event concerns: every contract event's data carries one. */
export function billingAccountOf(event: LedgerEvent): string | null {
  const data = event.data as { billingAccountId?: unknown } | null;
  if (data === null || typeof data !== 'object') return null;
  return typeof data.billingAccountId === 'string' ? data.billingAccountId : null;
}
