import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { findCatalogEntry } from '@billing/contracts';
import {
  provisionTopics,
  silentLogger,
  toKafkaMessage,
  type OutgoingKafkaMessage,
} from '@billing/messaging';
import { compiledNodeArgs, getTestKafka } from '@billing/testing';
import { recordScenarioEvents } from './decider-scenarios';

// A broker round trip plus a child process compiling TypeScript on a shared 2-core machine.
jest.setTimeout(180_000);

const workspaceRoot = path.resolve(__dirname, '../../..');

interface ConsumerLine {
  msg: string;
  eventId?: string;
  type?: string;
  topic?: string;
  partition?: number;
  streamId?: string;
  streamVersion?: number;
}

describe('docs/examples/sample-consumer.ts against real Kafka', () => {
  const testKafka = getTestKafka();
  const kafka = new Kafka({
    clientId: 'contracts-sample-test',
    brokers: testKafka.brokers,
    logLevel: logLevel.NOTHING,
  });

  it('validates every published event, skips redeliveries by event id and reports a malformed one', async () => {
    const events = recordScenarioEvents();
    // One topic per context, unique to this run, so earlier runs' messages do not interfere.
    const topicOf = new Map(
      ['invoicing', 'payments', 'collections', 'disputes'].map((context) => [
        context,
        testKafka.uniqueTopic(`contracts-${context}`),
      ]),
    );
    await provisionTopics({
      kafka,
      topics: [...topicOf.values()],
      partitionCount: 3,
      logger: silentLogger,
    });

    const byTopic = new Map<string, OutgoingKafkaMessage[]>();
    const publish = (topic: string, message: OutgoingKafkaMessage) =>
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    for (const event of events) {
      const context = findCatalogEntry(event.type)?.context;
      if (!context) throw new Error(`${event.type} is not in the catalog`);
      publish(topicOf.get(context) ?? '', toKafkaMessage(event));
    }
    // At-least-once delivery: the relay may resend a batch after a crash.
    const redelivered = events.slice(0, 5);
    for (const event of redelivered) publish(topicOf.get('invoicing') ?? '', toKafkaMessage(event));
    // A producer bug: an amount as a JSON number.
    const payment = events.find((event) => event.type === 'PaymentReceived');
    const broken = {
      ...payment,
      eventId: randomUUID(),
      data: { ...(payment?.data as object), amount: 2000 },
    };
    publish(topicOf.get('payments') ?? '', {
      ...toKafkaMessage(payment as never),
      value: JSON.stringify(broken),
      headers: {},
    });

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      // One awaited send at a time (toolchain notes: overlapping kafkajs sends can lose records).
      for (const [topic, messages] of byTopic) await producer.send({ topic, acks: -1, messages });
    } finally {
      await producer.disconnect();
    }

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        ...compiledNodeArgs('docs/examples/sample-consumer.ts'),
        '--brokers',
        testKafka.brokers.join(','),
        '--topics',
        [...topicOf.values()].join(','),
        '--group',
        `contracts-sample-${randomUUID()}`,
        '--from-beginning',
        '--idle-exit-ms',
        '8000',
      ],
      { cwd: workspaceRoot, timeout: 150_000 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ConsumerLine);

    const handled = lines.filter((line) => line.msg === 'event').map((line) => line.eventId);
    expect(new Set(handled).size).toBe(handled.length);
    expect(new Set(handled)).toEqual(new Set(events.map((event) => event.eventId)));
    expect(
      lines
        .filter((line) => line.msg === 'duplicate skipped')
        .map((line) => line.eventId)
        .sort(),
    ).toEqual(redelivered.map((event) => event.eventId).sort());
    expect(lines.filter((line) => line.msg === 'invalid event')).toEqual([
      expect.objectContaining({ eventId: broken.eventId, type: 'PaymentReceived' }),
    ]);

    // The number series' stream is keyed per account, so its versions arrive on several
    // partitions, in no order: every one is handled, as the guide's event-id rule promises.
    const series = lines.filter(
      (line) => line.msg === 'event' && line.streamId === 'invoiceseries-INV-2026',
    );
    expect(new Set(series.map((line) => line.partition)).size).toBeGreaterThan(1);
    expect(series.map((line) => line.streamVersion).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
