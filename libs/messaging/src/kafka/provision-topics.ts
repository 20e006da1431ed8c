import type { Kafka } from 'kafkajs';
import type { MessagingLogger } from '../logger';

export interface ProvisionTopicsOptions {
  kafka: Kafka;
  topics: string[];
  /** Partitions of each topic created now (existing topics keep theirs). Default 3. */
  partitionCount?: number;
  /** Default 1, for a single local broker; production passes its cluster's factor. */
  replicationFactor?: number;
  logger: MessagingLogger;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders. Idempotent: topics that
 * already exist are left as they are, so every service can call this on start.
 */
export async function provisionTopics(options: ProvisionTopicsOptions): Promise<string[]> {
  const partitionCount = options.partitionCount ?? 3;
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new Error(`Invalid partition count ${partitionCount}`);
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = options.topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitionCount,
          replicationFactor: options.replicationFactor ?? 1,
        })),
      });
    }
    options.logger.info({ topicsCreated: missing, topicCount: options.topics.length, partitionCount }, 'kafka topics provisioned');
    return missing;
  } finally {
    await admin.disconnect();
  }
}
