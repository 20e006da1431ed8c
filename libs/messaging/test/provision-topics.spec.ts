import { getTestKafka } from '@billing/testing';
import { Kafka, logLevel } from 'kafkajs';
import { provisionTopics, silentLogger } from '../src';

jest.setTimeout(60_000);

describe('topic provisioning (real Kafka)', () => {
  const testKafka = getTestKafka();
  const kafka = new Kafka({
    clientId: 'msg-provision-test',
    brokers: testKafka.brokers,
    logLevel: logLevel.NOTHING,
  });

  it('creates missing topics with the asked partitions and is a no-op the second time', async () => {
    const topics = [testKafka.uniqueTopic('msg-prov'), testKafka.uniqueTopic('msg-prov')];
    expect(
      await provisionTopics({ kafka, topics, partitionCount: 4, logger: silentLogger }),
    ).toEqual(topics);
    expect(
      await provisionTopics({ kafka, topics, partitionCount: 2, logger: silentLogger }),
    ).toEqual([]);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      expect(metadata.topics.map((t) => t.partitions.length)).toEqual([4, 4]);
    } finally {
      await admin.disconnect();
    }
  });
});
