import type { Admin, Kafka } from 'kafkajs';
import { DependencyUnavailableError } from '../followers/dependency-errors';
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
  if (!Number.isInteger(partitionCount) || partitionCount < 1)
    throw new Error(`Invalid partition count ${partitionCount}`);
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
    // Another service may have created a topic a moment ago, without our waitForLeaders: a consumer
    // that subscribes before the broker hosts every partition fails with "does not host this
    // topic-partition". So wait until every requested topic has a leader on every partition.
    await waitForLeaders(admin, options.topics);
    options.logger.info(
      { topicsCreated: missing, topicCount: options.topics.length, partitionCount },
      'kafka topics provisioned',
    );
    return missing;
  } finally {
    await admin.disconnect();
  }
}

const leaderWaitAttemptCountMax = 50;
const leaderWaitDelayMs = 200;

async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
      if (ready && metadata.length === new Set(topics).size) return;
    } catch (error) {
      if (attempt >= leaderWaitAttemptCountMax) throw error;
    }
    if (attempt >= leaderWaitAttemptCountMax)
      throw new DependencyUnavailableError(`Kafka topics have no leader yet: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, leaderWaitDelayMs));
  }
}
