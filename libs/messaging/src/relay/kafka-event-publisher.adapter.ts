import type { RecordedEvent } from '@billing/event-store';
import type { Kafka, Producer } from 'kafkajs';
import { toKafkaMessage } from '../kafka/kafka-message';
import { relayBatchSizeMax, type EventPublisher } from './event-publisher.port';

/**
 * Publishes batches to one Kafka topic with an idempotent producer (acks from all in-sync
 * replicas, one request in flight). It refuses a second `publish` while one is pending: kafkajs
 * loses or duplicates records when sends overlap during network faults (toolchain notes), so
 * one awaited send at a time is a rule, not an optimisation.
 */
export class KafkaEventPublisher implements EventPublisher {
  private producer: Producer | undefined;
  private sending = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  /**
   * A new producer on every connect, so a new producer id: a broker killed -9 may come back
   * without the idempotent producer's state, and then answers every send of the old id with a
   * protocol error (out-of-order sequence, unknown producer) however often it is retried (seen:
   * a relay stuck 6 minutes after a 10 s broker kill). A batch sent again after that is the same
   * events again, which consumers drop by event id.
   */
  async connect(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
  }

  async publish(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length > relayBatchSizeMax)
      throw new Error(`Batch of ${events.length} events exceeds ${relayBatchSizeMax}`);
    if (!this.producer) throw new Error('The publisher is not connected');
    if (this.sending) throw new Error('A send is already in flight; sends must not overlap');
    this.sending = true;
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: events.map(toKafkaMessage),
      });
    } finally {
      this.sending = false;
    }
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }
}
