import { Kafka, logLevel, type RetryOptions } from 'kafkajs';

/** Either a ready kafkajs client or the bootstrap brokers to build one from. */
export type KafkaSource = { kafka: Kafka } | { brokers: string[] };

/**
 * kafkajs' own retries: each wait capped at 5 s (its default cap is 30 s, which is what made a
 * broker back after 25 s wait up to half a minute more before anyone noticed). kafkajs jitters
 * each wait itself (factor 0.2). The count is bounded here only because our own supervisors
 * (relay, consumer) open a new session after kafkajs gives up, forever, with the same cap.
 */
export const kafkaRetry: RetryOptions = {
  initialRetryTime: 300,
  maxRetryTime: 5_000,
  factor: 0.2,
  multiplier: 2,
  retries: 5,
};

/**
 * The relay's client gives up sooner (kafkajs nests retries: a send's own retries around the
 * metadata refresh's), so the relay reports itself retrying within seconds of the broker going,
 * rather than looking healthy for most of a minute; its own loop then retries forever.
 */
export const relayKafkaRetry: RetryOptions = { ...kafkaRetry, retries: 3 };

/** The kafkajs client for `source`; `clientId` names this process to the broker. */
export function resolveKafka(
  source: KafkaSource,
  clientId: string,
  retry: RetryOptions = kafkaRetry,
): Kafka {
  if ('kafka' in source) return source.kafka;
  if (source.brokers.length === 0) throw new Error('No Kafka brokers given');
  // kafkajs' own logs are not JSON and are chatty on rebalances; errors still surface as throws.
  return new Kafka({
    clientId,
    brokers: source.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry,
  });
}
