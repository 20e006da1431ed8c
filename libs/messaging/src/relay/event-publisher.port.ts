import type { RecordedEvent } from '@billing/event-store';

/**
 * Where a relay puts a batch of events: Kafka in the distributed run mode, the in-process bus in
 * the embedded one. `publish` resolves only once every event of the batch is durably accepted;
 * the relay never calls it again before it has resolved.
 */
export interface EventPublisher {
  connect(): Promise<void>;
  publish(events: RecordedEvent[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** The most events a relay hands over at once; larger batches lengthen a blocked send's impact. */
export const relayBatchSizeMax = 50;
