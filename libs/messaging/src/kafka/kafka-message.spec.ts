import type { RecordedEvent } from '@billing/event-store';
import {
  eventHeaders,
  fromKafkaMessage,
  keyOf,
  MalformedEventMessage,
  toKafkaMessage,
} from './kafka-message';

function recorded(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: '6f1c2a9e-5b1d-4d0e-9a43-2f4a3c1b7e10',
    type: 'InvoiceIssued',
    schemaVersion: 2,
    data: {
      billingAccountId: 'ba-42',
      invoiceId: 'inv-7',
      amountTotal: '1234567890123.4567',
      lines: [{ amount: '0.10' }],
    },
    metadata: {
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { id: 'u-1', roles: ['billing-coordinator'] },
      service: 'invoicing',
    },
    occurredAt: '2026-11-23T10:00:00.000Z',
    streamId: 'invoice-7',
    streamVersion: 3,
    globalPosition: 912,
    recordedAt: '2026-11-23T10:00:00.123Z',
    ...overrides,
  };
}

/** What kafkajs hands a consumer: Buffers for key, value and headers. */
function asReceived(message: ReturnType<typeof toKafkaMessage>) {
  return {
    key: Buffer.from(message.key),
    value: Buffer.from(message.value),
    headers: Object.fromEntries(
      Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v)]),
    ),
  };
}

describe('Kafka message mapping', () => {
  it('round-trips an event exactly, decimal amounts staying the same strings', () => {
    const event = recorded();
    const back = fromKafkaMessage(asReceived(toKafkaMessage(event)));
    expect(back).toEqual(event);
    expect((back.data as { amountTotal: string }).amountTotal).toBe('1234567890123.4567');
    expect((back.data as { lines: { amount: string }[] }).lines[0]?.amount).toBe('0.10');
  });

  it('carries the routing fields as headers', () => {
    const message = toKafkaMessage(recorded());
    expect(message.headers).toEqual({
      [eventHeaders.eventId]: '6f1c2a9e-5b1d-4d0e-9a43-2f4a3c1b7e10',
      [eventHeaders.eventType]: 'InvoiceIssued',
      [eventHeaders.schemaVersion]: '2',
      [eventHeaders.correlationId]: 'corr-1',
      [eventHeaders.causationId]: 'cause-1',
      [eventHeaders.streamId]: 'invoice-7',
      [eventHeaders.streamVersion]: '3',
      [eventHeaders.globalPosition]: '912',
      [eventHeaders.occurredAt]: '2026-11-23T10:00:00.000Z',
      [eventHeaders.recordedAt]: '2026-11-23T10:00:00.123Z',
      [eventHeaders.contentType]: 'application/json',
    });
  });

  it('leaves out the causation header for an event a user command caused', () => {
    const event = recorded();
    event.metadata = { ...event.metadata, causationId: null };
    const message = toKafkaMessage(event);
    expect(message.headers).not.toHaveProperty(eventHeaders.causationId);
    expect(fromKafkaMessage(asReceived(message)).metadata.causationId).toBeNull();
  });

  it('keys by billing account, falling back to the stream id', () => {
    expect(keyOf(recorded())).toBe('ba-42');
    expect(keyOf(recorded({ data: { invoiceId: 'inv-7' } }))).toBe('invoice-7');
    expect(keyOf(recorded({ data: { billingAccountId: '' } }))).toBe('invoice-7');
    expect(keyOf(recorded({ data: null }))).toBe('invoice-7');
  });

  it('rejects messages that are not event envelopes', () => {
    expect(() => fromKafkaMessage({ value: null })).toThrow(MalformedEventMessage);
    expect(() => fromKafkaMessage({ value: Buffer.from('not json') })).toThrow(
      MalformedEventMessage,
    );
    expect(() => fromKafkaMessage({ value: Buffer.from('{"eventId":"x"}') })).toThrow(
      MalformedEventMessage,
    );
  });

  it('rejects a value whose event id contradicts its header', () => {
    const message = asReceived(toKafkaMessage(recorded()));
    message.headers[eventHeaders.eventId] = Buffer.from('another-id');
    expect(() => fromKafkaMessage(message)).toThrow(/differs/);
  });
});
