import type { IncomingKafkaMessage } from '../kafka/kafka-message';

export const deadLetterHeaders = {
  reason: 'dlq-reason',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  consumerGroup: 'dlq-consumer-group',
  attemptCount: 'dlq-attempt-count',
  failedAt: 'dlq-failed-at',
} as const;

/** Error text is bounded: a stack or a huge message must not blow up the dead-letter record. */
const reasonLengthMax = 1_000;

export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: string;
  consumerGroup: string;
  attemptCount: number;
  failedAt: string;
  reason: string;
}

/**
 * The dead-letter record of a message a consumer gave up on: the original key and value byte for
 * byte, its original headers, and why, where and by whom it failed.
 */
export function toDeadLetterMessage(
  message: IncomingKafkaMessage,
  source: DeadLetterSource,
): {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string>;
} {
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first;
  }
  headers[deadLetterHeaders.reason] = source.reason.slice(0, reasonLengthMax);
  headers[deadLetterHeaders.sourceTopic] = source.topic;
  headers[deadLetterHeaders.sourcePartition] = String(source.partition);
  headers[deadLetterHeaders.sourceOffset] = source.offset;
  headers[deadLetterHeaders.consumerGroup] = source.consumerGroup;
  headers[deadLetterHeaders.attemptCount] = String(source.attemptCount);
  headers[deadLetterHeaders.failedAt] = source.failedAt;
  return { key: message.key ?? null, value: message.value, headers };
}
