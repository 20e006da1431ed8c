import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { ManualClock } from '@billing/kernel';
import type { Pool } from 'pg';
import request from 'supertest';
import {
  PostgresIdempotencyStore,
  platformMigrations,
  postgresReadinessCheck,
  tcpReadinessCheck,
} from '../src';
import { calls, startSampleApp, type SampleApp } from './sample-app';

const options = { ttlMs: 60_000, leaseMs: 5_000 };
const ref = (key: string, fingerprint = 'f1') => ({ scope: 'invoicing', key, fingerprint });

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('plat');
  await migrate(database.url, [platformMigrations]);
  pool = database.pool({ max: 5 });
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe('PostgresIdempotencyStore', () => {
  it('claims a key once, replays its response, and refuses it for another request', async () => {
    const store = new PostgresIdempotencyStore(pool);
    expect(await store.begin(ref('k1'), options)).toEqual({ outcome: 'started' });
    expect(await store.begin(ref('k1'), options)).toEqual({ outcome: 'in_flight' });
    const response = {
      status: 201,
      headers: { location: '/invoices/1' },
      body: { id: '1', total: '10.00' },
    };
    await store.complete(ref('k1'), response);
    expect(await store.begin(ref('k1'), options)).toEqual({ outcome: 'replay', response });
    expect(await store.begin(ref('k1', 'f2'), options)).toEqual({ outcome: 'mismatch' });
  });

  it('lets exactly one of many racing requests run', async () => {
    const store = new PostgresIdempotencyStore(pool);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store.begin(ref('race'), options)),
    );
    expect(outcomes.filter((o) => o.outcome === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'in_flight')).toHaveLength(7);
  });

  it('forgets a released claim, takes over a dead holder’s claim, and expires records', async () => {
    const clock = new ManualClock('2026-11-23T10:00:00Z');
    const store = new PostgresIdempotencyStore(pool, clock);
    await store.begin(ref('released'), options);
    await store.release(ref('released'));
    expect(await store.begin(ref('released'), options)).toEqual({ outcome: 'started' });

    await store.begin(ref('dead'), options);
    clock.advanceMs(options.leaseMs + 1);
    expect(await store.begin(ref('dead', 'other'), options)).toEqual({ outcome: 'mismatch' });
    expect(await store.begin(ref('dead'), options)).toEqual({ outcome: 'started' });

    await store.complete(ref('dead'), { status: 200, headers: {}, body: null });
    clock.advanceMs(options.ttlMs + 1);
    expect(await store.purgeExpired(1_000)).toBeGreaterThanOrEqual(1);
    expect(await store.begin(ref('dead', 'new-request'), options)).toEqual({ outcome: 'started' });
  });
});

describe('HTTP commands with the PostgreSQL store', () => {
  let sample: SampleApp;

  beforeAll(async () => {
    sample = await startSampleApp({
      idempotencyStore: new PostgresIdempotencyStore(pool),
      readinessChecks: [postgresReadinessCheck(pool), tcpReadinessCheck('kafka', ['127.0.0.1:1'])],
    });
  });

  afterAll(async () => {
    await sample?.app.close();
  });

  it('replays a retried command from the database without running the handler again', async () => {
    const token = await sample.token(['billing-manager']);
    const body = {
      customerId: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff',
      currency: 'EUR',
      lines: [{ quantity: '1', unitPrice: '9.99' }],
    };
    const send = () =>
      request(sample.app.getHttpServer())
        .post('/invoicing/invoices')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', 'pg-key-1')
        .send(body);
    const before = calls.created;
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['location']).toBe(first.headers['location']);
    expect(calls.created).toBe(before + 1);
    const stored = await pool.query(
      "SELECT state FROM platform.idempotency_keys WHERE idempotency_key = 'pg-key-1'",
    );
    expect(stored.rows).toEqual([{ state: 'completed' }]);
  });

  it('reports not ready with 503, naming the failing check', async () => {
    const res = await request(sample.app.getHttpServer()).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not_ready');
    expect(res.body.checks).toEqual([
      expect.objectContaining({ name: 'postgres', status: 'up' }),
      expect.objectContaining({ name: 'kafka', status: 'down', reason: expect.any(String) }),
      expect.objectContaining({ name: 'followers', status: 'up' }),
    ]);
  });
});
