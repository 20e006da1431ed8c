import type { RecordedEvent } from '@billing/event-store';

/** Header names every published event carries, so consumers can route without parsing the value. */
export const eventHeaders = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  streamId: 'stream-id',
  streamVersion: 'stream-version',
  globalPosition: 'global-position',
  occurredAt: 'occurred-at',
  recordedAt: 'recorded-at',
  contentType: 'content-type',
} as const;

export const eventContentType = 'application/json';

/** The subset of a kafkajs `Message` we produce: plain strings, so it is easy to assert on. */
export interface OutgoingKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The subset of a kafkajs `KafkaMessage` we read (values arrive as Buffers). */
export interface IncomingKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/**
 * The partition key of an event: its `data.billingAccountId` when it has one (a non-empty string),
 * otherwise its stream id. Keying by billing account keeps every event of one account (invoices,
 * payments, disputes) in one partition, hence in order for a consumer; events that belong to no
 * account stay ordered per stream.
 */
export function keyOf(event: RecordedEvent): string {
  const data = event.data;
  if (typeof data === 'object' && data !== null && 'billingAccountId' in data) {
    const accountId = (data as { billingAccountId: unknown }).billingAccountId;
    if (typeof accountId === 'string' && accountId.length > 0) return accountId;
  }
  return event.streamId;
}

/**
 * The Kafka message for a recorded event. The value is the JSON of the whole envelope (data and
 * metadata, unchanged: amounts stay decimal strings); the headers repeat the routing fields.
 */
export function toKafkaMessage(event: RecordedEvent): OutgoingKafkaMessage {
  const headers: Record<string, string> = {
    [eventHeaders.eventId]: event.eventId,
    [eventHeaders.eventType]: event.type,
    [eventHeaders.schemaVersion]: String(event.schemaVersion),
    [eventHeaders.correlationId]: event.metadata.correlationId,
    [eventHeaders.streamId]: event.streamId,
    [eventHeaders.streamVersion]: String(event.streamVersion),
    [eventHeaders.globalPosition]: String(event.globalPosition),
    [eventHeaders.occurredAt]: event.occurredAt,
    [eventHeaders.recordedAt]: event.recordedAt,
    [eventHeaders.contentType]: eventContentType,
  };
  // A user command has no causing event: the header is absent rather than an empty string.
  if (event.metadata.causationId !== null)
    headers[eventHeaders.causationId] = event.metadata.causationId;
  return { key: keyOf(event), value: JSON.stringify(event), headers };
}

export class MalformedEventMessage extends Error {
  constructor(reason: string) {
    super(`Not a billing event message: ${reason}`);
    this.name = 'MalformedEventMessage';
  }
}

/**
 * The recorded event carried by a Kafka message. Throws `MalformedEventMessage` when the value is
 * not an event envelope or contradicts its `event-id` header (a poison message for the DLQ).
 */
export function fromKafkaMessage(message: IncomingKafkaMessage): RecordedEvent {
  if (message.value === null) throw new MalformedEventMessage('empty value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString());
  } catch {
    throw new MalformedEventMessage('value is not JSON');
  }
  const event = assertEnvelope(parsed);
  const headerId = headerValue(message.headers, eventHeaders.eventId);
  if (headerId !== undefined && headerId !== event.eventId) {
    throw new MalformedEventMessage(
      `event-id header ${headerId} differs from the value's ${event.eventId}`,
    );
  }
  return event;
}

/** A header's first value as a string (kafkajs hands them over as Buffers). */
export function headerValue(
  headers: IncomingKafkaMessage['headers'],
  name: string,
): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

function assertEnvelope(value: unknown): RecordedEvent {
  if (typeof value !== 'object' || value === null)
    throw new MalformedEventMessage('value is not an object');
  const v = value as Record<string, unknown>;
  for (const field of ['eventId', 'type', 'streamId', 'occurredAt', 'recordedAt'] as const) {
    if (typeof v[field] !== 'string') throw new MalformedEventMessage(`${field} is missing`);
  }
  for (const field of ['schemaVersion', 'streamVersion', 'globalPosition'] as const) {
    if (typeof v[field] !== 'number') throw new MalformedEventMessage(`${field} is missing`);
  }
  const metadata = v['metadata'] as Record<string, unknown> | undefined;
  if (
    typeof metadata !== 'object' ||
    metadata === null ||
    typeof metadata['correlationId'] !== 'string'
  ) {
    throw new MalformedEventMessage('metadata.correlationId is missing');
  }
  if (!('data' in v)) throw new MalformedEventMessage('data is missing');
  return value as RecordedEvent;
}
