import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { resolveKafka } from '@billing/messaging';
import { latencyHistogram, recordMs, summarize, type LatencySummary } from '../shared/latency';

/**
 * Kafka alone, measured with kafkajs (this process's client): records/s of batched sends, and one
 * record's produce-to-consume latency at a steady 100/s. Kafka's own kafka.tools.EndToEndLatency and
 * ProducerPerformance live in the kafka-tools jar, which infra/kafka/lib (the broker's runtime
 * jars) does not fetch.
 */
export async function kafkaAlone(
  brokers: string,
  topicSuffix: string,
): Promise<{
  producerRecordsPerSecond: number;
  endToEndMs: LatencySummary;
  note: string;
}> {
  const kafka = resolveKafka({ brokers: brokers.split(',') }, 'bench-e2e-context');
  const topic = `bench.context${topicSuffix}`;
  const latencyTopic = `${topic}.latency`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [topic, latencyTopic].map((name) => ({ topic: name, numPartitions: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const value = randomBytes(100).toString('hex'); // 200 bytes, about an event's size
  const recordCount = 50_000;
  const started = performance.now();
  for (let sent = 0; sent < recordCount; sent += 500) {
    await producer.send({ topic, messages: Array.from({ length: 500 }, () => ({ value })) });
  }
  const producerRecordsPerSecond = Math.round(recordCount / ((performance.now() - started) / 1000));

  const consumer = kafka.consumer({ groupId: `bench-context${topicSuffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic: latencyTopic, fromBeginning: true });
  const histogram = latencyHistogram();
  const sampleCount = 1_000;
  let received = 0;
  const allReceived = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        recordMs(histogram, Date.now() - Number(message.value!.toString()));
        if (++received >= sampleCount) resolve();
      },
    });
  });
  await new Promise((r) => setTimeout(r, 3_000)); // the group's first assignment
  for (let i = 0; i < sampleCount; i++) {
    await producer.send({
      topic: latencyTopic,
      acks: -1,
      messages: [{ value: String(Date.now()) }],
    });
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.race([allReceived, new Promise((r) => setTimeout(r, 30_000))]);
  await consumer.disconnect();
  await producer.disconnect();
  return {
    producerRecordsPerSecond,
    endToEndMs: summarize(histogram),
    note: 'kafkajs, 200-byte records, batches of 500, acks=all; latency: one record every 10 ms',
  };
}

/** A bare batched INSERT of event-sized rows (1,000 per statement): what PostgreSQL alone takes. */
export async function bareInsert(
  databaseUrl: string,
): Promise<{ rowsPerSecond: number; note: string }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      'CREATE TABLE public.bench_rows (id bigserial PRIMARY KEY, stream text, data json, at timestamptz DEFAULT now())',
    );
    const rowCount = 100_000;
    const batch = 1_000;
    const data = JSON.stringify({ amount: '10.00', currency: 'USD', invoiceId: 'x'.repeat(36) });
    const started = performance.now();
    for (let done = 0; done < rowCount; done += batch) {
      await db.query(
        `INSERT INTO bench_rows (stream, data) SELECT 'payment-' || g, $1::json FROM generate_series(1, $2) g`,
        [data, batch],
      );
    }
    return {
      rowsPerSecond: Math.round(rowCount / ((performance.now() - started) / 1000)),
      note: '100,000 rows, 1,000 per INSERT, each its own transaction (logged table with a primary key)',
    };
  } finally {
    await db.query('DROP TABLE IF EXISTS public.bench_rows').catch(() => undefined);
    await db.end();
  }
}
