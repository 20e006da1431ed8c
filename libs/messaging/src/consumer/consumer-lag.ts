import type { Admin } from 'kafkajs';

/** A partition whose group has not committed up to `end` yet. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The offset the group has committed (the next one it will read); -1 when none. */
  committed: string;
  /** The end the group must reach: the partition's high-water mark when it was read. */
  end: string;
}

/** The end (high-water mark) of every partition of `topics`, as the broker has them now. */
export async function topicEnds(
  admin: Admin,
  topics: string[],
): Promise<Array<{ topic: string; partition: number; end: string; start: string }>> {
  const ends = await Promise.all(
    topics.map(async (topic) =>
      (await admin.fetchTopicOffsets(topic)).map((p) => ({
        topic,
        partition: p.partition,
        end: p.high,
        start: p.low,
      })),
    ),
  );
  return ends.flat();
}

/**
 * The partitions of `ends` that `groupId` has not committed up to yet; empty when the group has
 * handled everything up to those ends. A partition with nothing in it counts as handled.
 */
export async function consumerGroupLag(
  admin: Admin,
  groupId: string,
  ends: Array<{ topic: string; partition: number; end: string; start: string }>,
): Promise<PartitionLag[]> {
  const topics = [...new Set(ends.map((e) => e.topic))];
  const committed = await admin.fetchOffsets({ groupId, topics });
  return ends.flatMap((e) => {
    if (e.end === e.start) return [];
    const offset =
      committed
        .find((t) => t.topic === e.topic)
        ?.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1';
    return BigInt(offset) >= BigInt(e.end)
      ? []
      : [{ topic: e.topic, partition: e.partition, committed: offset, end: e.end }];
  });
}
