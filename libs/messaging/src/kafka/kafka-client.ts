import { Kafka, logLevel } from 'kafkajs';

/** Either a ready kafkajs client or the bootstrap brokers to build one from. */
export type KafkaSource = { kafka: Kafka } | { brokers: string[] };

/** The kafkajs client for `source`; `clientId` names this process to the broker. */
export function resolveKafka(source: KafkaSource, clientId: string): Kafka {
  if ('kafka' in source) return source.kafka;
  if (source.brokers.length === 0) throw new Error('No Kafka brokers given');
  // kafkajs' own logs are not JSON and are chatty on rebalances; errors still surface as throws.
  return new Kafka({ clientId, brokers: source.brokers, logLevel: logLevel.NOTHING });
}
