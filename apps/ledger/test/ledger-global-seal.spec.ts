import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { pgExecutor, readChainHead, verify } from '@billing/event-store';
import { newEvent } from '@billing/event-store/testing';
import { auditTopic } from '@billing/messaging';
import { ledgerStandaloneOptions } from '@billing/ledger-service';
import { appendInBulk } from '@billing/ledger-service/testing';
import { startStandaloneService, type StandaloneService } from '@billing/platform';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { accountScenario } from './support/account-scenario';

jest.setTimeout(180_000);

interface HeadMessage {
  type: string;
  data: { position: number; sequence: number; hash: string; keep: string; publishedBy: string };
}

/**
 * The global seal as the local stack runs it: two instances of a service (main.ts wiring) on one
 * PostgreSQL store and a real Kafka broker. Between them one seals at a time, the chain heads
 * arrive on billing.audit.v1, and when one instance stops the other goes on sealing.
 */
describe('the global seal on the stack (two service instances, Kafka)', () => {
  const kafka = getTestKafka();
  const suffix = `.seal${randomUUID().slice(0, 8)}`;
  let database: TestDatabase;
  let first: StandaloneService | undefined;
  let second: StandaloneService;
  let writer: Pool;
  let consumer: Consumer;
  const heads: HeadMessage[] = [];

  const start = () =>
    startStandaloneService(ledgerStandaloneOptions, {
      env: {
        DATABASE_URL: database.url,
        JWT_SECRET: 'ledger-seal-test-secret-at-least-32-characters',
        LOG_LEVEL: 'silent',
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_TOPIC_SUFFIX: suffix,
        SEAL_ANCHOR_INTERVAL_SECONDS: '1',
      },
    });

  async function sealedThrough(position: number): Promise<void> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const head = await readChainHead(pgExecutor(writer));
      if (head !== null && head.position >= position) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the seal never reached global position ${position}`);
  }

  async function lastPosition(): Promise<number> {
    const { rows } = await writer.query<{ p: string }>(
      'SELECT max(global_position)::text AS p FROM event_store.events',
    );
    return Number(rows[0]!.p);
  }

  beforeAll(async () => {
    database = await createTestDatabase('ldg_seal');
    first = await start();
    second = await start();
    writer = new Pool({ connectionString: database.url, max: 2 });
    consumer = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `seal-test-${randomUUID()}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: `${auditTopic}${suffix}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        heads.push(JSON.parse(message.value!.toString()) as HeadMessage);
      },
    });
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await writer?.end();
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  it('seals what services append and publishes the heads an auditor keeps', async () => {
    const scenario = accountScenario();
    await appendInBulk(pgExecutor(writer), [...scenario.beforeBounce, ...scenario.bounce]);
    const last = await lastPosition();
    await sealedThrough(last);
    const head = (await readChainHead(pgExecutor(writer)))!;
    for (
      let attempt = 0;
      attempt < 300 && !heads.some((h) => h.data.sequence >= head.sequence);
      attempt++
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    const published = heads.find((h) => h.data.sequence === head.sequence);
    expect(published).toMatchObject({
      type: 'ChainHeadAnchored',
      data: {
        position: last,
        hash: head.hash,
        keep: `${last}:${head.hash}`,
        publishedBy: 'ledger',
      },
    });
    const report = await verify(pgExecutor(writer), {
      expectHeads: [{ position: head.position, hash: head.hash }],
    });
    expect(report).toMatchObject({ ok: true, unsealedCount: 0 });
    expect(report.keptHeads[0]?.outcome).toBe('extended');
  });

  it('goes on sealing when one instance stops', async () => {
    await first!.close();
    first = undefined;
    await appendInBulk(
      pgExecutor(writer),
      Array.from({ length: 20 }, (_, n) => ({
        ...newEvent('SealCheckNoted', { n }),
        streamId: `sealcheck-${n % 4}`,
      })),
    );
    await sealedThrough(await lastPosition());
    expect((await verify(pgExecutor(writer))).ok).toBe(true);
  });
});
