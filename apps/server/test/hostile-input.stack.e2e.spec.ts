import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { ManualClock } from '@billing/kernel';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { untilQuiescent } from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { createKnownRecords } from './support/hostile/hostile-setup';
import { runHostileSuite, type HostileCounts } from './support/hostile/hostile-run';
import type { OpenApiDocument } from './support/hostile/openapi-operations';
import { hostileSummary, writeHostileResults } from './support/hostile/hostile-results';

/**
 * The hostile-input suite's smaller pass on the local stack's wiring: invoicing, payments,
 * collections and disputes as standalone services on one PostgreSQL database and a real Kafka
 * broker. One field per class and command operation (HOSTILE_FULL=1: every field, counts to
 * bench/results/hostile.json under "stack").
 */
jest.setTimeout(600_000);

const full = process.env['HOSTILE_FULL'] === '1';
const secret = 'hostile-stack-secret-of-at-least-32-characters';

describe('hostile input against standalone services on PostgreSQL and Kafka', () => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const suffix = `.${randomBytes(4).toString('hex')}`;
  const running: Record<string, StandaloneService> = {};
  const baseUrls: Record<string, string> = {};
  let database: TestDatabase;
  let pool: Pool;
  let counts: HostileCounts;

  beforeAll(async () => {
    const kafka = getTestKafka();
    database = await createTestDatabase('hostile_stack');
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: suffix,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
    };
    const options = {
      invoicing: invoicingStandaloneOptions,
      payments: paymentsStandaloneOptions,
      collections: collectionsStandaloneOptions,
      disputes: disputesStandaloneOptions,
    };
    for (const [name, serviceOptions] of Object.entries(options)) {
      const service = await startStandaloneService(serviceOptions, { env, clock });
      running[name] = service;
      await service.app.listen(0, '127.0.0.1');
      baseUrls[name] =
        `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
    }
    pool = new Pool({ connectionString: database.url, max: 2 });
    const roles = ['billing-clerk', 'billing-manager', 'collections-agent', 'service'] as const;
    const token = await mintToken({ sub: 'hostile-suite', roles: [...roles], secret, ttl: 3_600 });
    const other = await mintToken({
      sub: 'hostile-agent',
      roles: ['collections-agent'],
      secret,
      ttl: 3_600,
    });
    const baseUrlOf = (service: string) => baseUrls[service] ?? baseUrls['invoicing']!;
    const ids = await createKnownRecords(baseUrlOf, token, other);
    const docs: Record<string, OpenApiDocument> = {};
    for (const service of Object.keys(options))
      docs[service] = (await (
        await fetch(`${baseUrlOf(service)}/${service}/docs-json`)
      ).json()) as OpenApiDocument;
    counts = await runHostileSuite(
      {
        baseUrlOf,
        appendedBy: async (correlationIds) => {
          const { rows } = await pool.query<{ id: string; count: string }>(
            `SELECT metadata->>'correlationId' AS id, count(*)::text AS count FROM event_store.events
              WHERE metadata->>'correlationId' = ANY($1::text[]) GROUP BY 1`,
            [correlationIds],
          );
          return new Map(rows.map((r) => [r.id, Number(r.count)]));
        },
        quiescent: async () => {
          await untilQuiescent(pool, Object.values(running), 180_000);
        },
      },
      docs,
      {
        services: Object.keys(options),
        token,
        ids,
        fieldsPerClass: full ? 100 : 1,
        everyVariant: full,
        commandsOnly: !full,
      },
    );
    writeHostileResults('stack', counts, full);
    console.log(hostileSummary('stack', counts));
  });

  afterAll(async () => {
    for (const service of Object.values(running).reverse()) await service.close();
    await pool?.end();
    await database?.drop();
  });

  it('answers no hostile request with a 5xx', () => {
    expect(counts.total).toBeGreaterThan(300);
    expect(counts.offenders.filter((o) => o.status >= 500)).toEqual([]);
  });

  it('accepts no hostile request (no 2xx)', () => {
    expect(counts.offenders.filter((o) => o.status >= 200 && o.status < 300)).toEqual([]);
  });

  it('names the field of every refusal about the request (400, 404, 422), unknown references included', () => {
    expect(counts.unnamed).toEqual([]);
    expect(counts.refusedWithoutField).toBe(0);
    expect(counts.byClass['unknown_reference']?.total).toBeGreaterThan(20);
  });

  it('appends nothing for a refused request, not even later through a consumer', () => {
    expect(counts.offenders.filter((o) => o.status < 0)).toEqual([]);
  });

  it('leaves every relay, consumer and read model caught up, and every service ready', async () => {
    await untilQuiescent(pool, Object.values(running), 120_000);
    for (const url of Object.values(baseUrls))
      expect((await fetch(`${url}/ready`)).status).toBe(200);
  });
});
