import { Kafka, logLevel } from 'kafkajs';
import { getTestKafka } from '../src';

describe('real Kafka broker', () => {
  jest.setTimeout(120_000);

  it('delivers a keyed message with headers from a producer to a consumer group', async () => {
    const { brokers, uniqueTopic } = getTestKafka();
    const topic = uniqueTopic('smoke');
    const kafka = new Kafka({ clientId: 'smoke-test', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const cluster = await admin.describeCluster();
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: 'account-42',
          value: '{"amount":"12.34"}',
          headers: { 'event-type': 'SmokeTested' },
        },
      ],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `${topic}.group` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{
      key: string;
      value: string;
      type: string;
      partition: number;
    }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) =>
          resolve({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            type: message.headers?.['event-type']?.toString() ?? '',
            partition,
          }),
      });
    });
    await consumer.disconnect();

    console.log(
      `Kafka smoke: broker ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',')} (cluster ${cluster.clusterId}), topic ${topic}, partition ${received.partition}`,
    );
    expect(received).toMatchObject({
      key: 'account-42',
      value: '{"amount":"12.34"}',
      type: 'SmokeTested',
    });
  });
});
