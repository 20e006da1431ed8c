/** Who did it: the authenticated subject and the roles they acted with. */
export interface Actor {
  id: string;
  roles: string[];
}

/** Why and in which flow an event was written. Carried unchanged to Kafka headers. */
export interface EventMetadata {
  /** Ties together everything one user request or one business flow caused. */
  correlationId: string;
  /** The event id (or command id) that directly caused this event; null for a user command. */
  causationId: string | null;
  actor: Actor;
  /** The service that appended the event (owner of its stream category). */
  service: string;
  idempotencyKey?: string;
}

/** An event as a command handler proposes it. Immutable once appended. */
export interface NewEvent<Data = unknown> {
  /** UUID. Derive it from the command's idempotency key so a retry repeats it exactly. */
  eventId: string;
  /** Past tense, e.g. `InvoiceIssued`. */
  type: string;
  /** Version of `data`'s schema for this type, starting at 1. */
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** Business time, ISO-8601 (from the injected clock or the command). */
  occurredAt: string;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Data = unknown> extends NewEvent<Data> {
  /** `<category>-<id>`, category without hyphens, e.g. `invoice-7f3c…`. */
  streamId: string;
  /** 1 for a stream's first event, then +1 per event, no gaps. */
  streamVersion: number;
  /** Position in the store's one global order; increasing, not necessarily contiguous. */
  globalPosition: number;
  /** Commit time, ISO-8601, set by the store. */
  recordedAt: string;
}

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
