import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { ManualClock } from '@billing/kernel';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { ledgerStandaloneOptions } from '@billing/ledger-service';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { createTestDatabase, type TestDatabase } from '@billing/testing';

jest.setTimeout(180_000);

const secret = 'test-clock-stack-secret-at-least-32-characters';

/**
 * The local stack with `TEST_CLOCK=on`: each service is its own process with its own clock, and
 * they keep one business time through the offset in the database they share. (One test process
 * here, but no clock object is shared: each service reads the offset as a separate process would.)
 */
describe('the test clock on the local stack (TEST_CLOCK=on)', () => {
  let database: TestDatabase;
  const services: StandaloneService[] = [];
  let invoicing: INestApplication;
  let collections: INestApplication;
  let ledger: INestApplication;
  let manager: string;

  beforeAll(async () => {
    database = await createTestDatabase('clock_stack');
    const env = { DATABASE_URL: database.url, JWT_SECRET: secret, LOG_LEVEL: 'silent' };
    const start = async (options: typeof invoicingStandaloneOptions, extra: object) => {
      const service = await startStandaloneService(options, {
        env: { ...env, ...extra },
        clock: new ManualClock('2026-12-07T10:00:00Z'),
      });
      services.push(service);
      return service.app;
    };
    invoicing = await start(invoicingStandaloneOptions, { TEST_CLOCK: 'on' });
    collections = await start(collectionsStandaloneOptions, { TEST_CLOCK: 'on' });
    // Production mode: the default of a stack service.
    ledger = await start(ledgerStandaloneOptions, {});
    manager = await mintToken({ sub: 'm-1', roles: ['billing-manager'], secret, ttl: 600 });
  });
  afterAll(async () => {
    for (const service of services.reverse()) await service.close();
    await database?.drop();
  });

  const readClock = (app: INestApplication) =>
    request(app.getHttpServer()).get('/system/clock').set('Authorization', `Bearer ${manager}`);
  const moveClock = (app: INestApplication, body: object) =>
    request(app.getHttpServer())
      .post('/system/clock')
      .set('Authorization', `Bearer ${manager}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);

  it('moves every service that has it at once, wherever it was moved', async () => {
    expect((await moveClock(invoicing, { date: '2026-03-02' })).body).toMatchObject({
      date: '2026-03-02',
    });
    expect((await readClock(collections)).body).toMatchObject({ date: '2026-03-02' });
    expect((await moveClock(collections, { advanceDays: 30 })).body).toMatchObject({
      date: '2026-04-01',
    });
    expect((await readClock(invoicing)).body).toMatchObject({ date: '2026-04-01' });
  });

  it('answers the next command of another service on the time just set', async () => {
    await moveClock(collections, { date: '2026-04-20' });
    // The dunning run follows the clock it shares with invoicing: no wait for a poll.
    await moveClock(invoicing, { date: '2026-05-04' });
    const run = await request(collections.getHttpServer())
      .post('/collections/dunning/run')
      .set('Authorization', `Bearer ${manager}`)
      .set('Idempotency-Key', randomUUID())
      .send({});
    expect(run.status).toBe(200);
    expect(run.body.date).toBe('2026-05-04');
  });

  it('lets every service login (billing_app) read and move the shared offset, and nothing more', async () => {
    const pool = database.pool({ max: 1 });
    const { rows } = await pool.query<{ privilege: string; granted: boolean }>(
      `SELECT p AS privilege, has_table_privilege('billing_app', 'platform.test_clock', p) AS granted
         FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.privilege, r.granted]))).toEqual({
      SELECT: true,
      INSERT: true,
      UPDATE: true,
      DELETE: false,
      TRUNCATE: false,
    });
  });

  it('does not exist on a service in production mode (the default)', async () => {
    expect((await readClock(ledger)).status).toBe(404);
    expect((await moveClock(ledger, { advanceDays: 1 })).status).toBe(404);
  });
});
