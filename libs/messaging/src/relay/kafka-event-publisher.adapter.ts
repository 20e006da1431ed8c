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
  private readonly producer: Producer;
  private sending = false;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async publish(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length > relayBatchSizeMax) throw new Error(`Batch of ${events.length} events exceeds ${relayBatchSizeMax}`);
    if (this.sending) throw new Error('A send is already in flight; sends must not overlap');
    this.sending = true;
    try {
      await this.producer.send({ topic: this.topic, acks: -1, messages: events.map(toKafkaMessage) });
    } finally {
      this.sending = false;
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
