import { consumerGroupLag, topicEnds } from '../../src';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

export async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** True once the group has committed offsets up to the end of every partition of `topic`. */
export async function groupCaughtUp(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<boolean> {
  return (await consumerGroupLag(admin, groupId, await topicEnds(admin, [topic]))).length === 0;
}

/** Every record currently on `topic`, read by a throw-away group from the beginning. */
export async function readWholeTopic(
  kafka: Kafka,
  topic: string,
  timeoutMs = 60_000,
): Promise<(KafkaMessage & { partition: number })[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => e.high !== e.low).map((e) => [e.partition, e.high]));
  const received: (KafkaMessage & { partition: number })[] = [];
  if (remaining.size === 0) return received;
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(16).slice(2)}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ ...message, partition });
        if (BigInt(message.offset) + 1n >= BigInt(remaining.get(partition) ?? '0'))
          remaining.delete(partition);
        if (remaining.size === 0) resolve();
      },
    });
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`Timed out reading ${topic}`)), timeoutMs).unref(),
  );
  try {
    await Promise.race([done, timeout]);
  } finally {
    await consumer.disconnect();
  }
  return received;
}
