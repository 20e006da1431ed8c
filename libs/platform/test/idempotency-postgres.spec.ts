import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { migrate } from '@billing/sql-migrations';
import { compiledNodeArgs, createTestDatabase, type TestDatabase } from '@billing/testing';
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
const repoRoot = path.resolve(__dirname, '../../..');
const ref = (key: string, fingerprint = 'f1') => ({ scope: 'invoicing', key, fingerprint });

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('plat');
  await migrate(database.url, [platformMigrations]);
  pool = database.pool({ max: 5 });
});

const stores: PostgresIdempotencyStore[] = [];

afterAll(async () => {
  for (const store of stores) await store.close();
  await pool?.end();
  await database?.drop();
});

describe('PostgresIdempotencyStore', () => {
  it('claims a key once, replays its response, and refuses it for another request', async () => {
    const store = new PostgresIdempotencyStore(pool);
    stores.push(store);
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
    stores.push(store);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store.begin(ref('race'), options)),
    );
    expect(outcomes.filter((o) => o.outcome === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'in_flight')).toHaveLength(7);
  });

  it('forgets a released claim and expires records', async () => {
    const clock = new ManualClock('2026-11-23T10:00:00Z');
    const store = new PostgresIdempotencyStore(pool, clock);
    stores.push(store);
    await store.begin(ref('released'), options);
    await store.release(ref('released'));
    expect(await store.begin(ref('released'), options)).toEqual({ outcome: 'started' });
    await store.complete(ref('released'), { status: 200, headers: {}, body: null });
    clock.advanceMs(options.ttlMs + 1);
    expect(await store.purgeExpired(1_000)).toBeGreaterThanOrEqual(1);
    expect(await store.begin(ref('released', 'new-request'), options)).toEqual({
      outcome: 'started',
    });
  });

  it('frees the claim of a holder whose connection died at once, however long its lease', async () => {
    const holder = new PostgresIdempotencyStore(pool);
    const other = new PostgresIdempotencyStore(pool);
    stores.push(holder, other);
    const longLease = { ttlMs: 60_000, leaseMs: 3_600_000 };
    expect(await holder.begin(ref('dead'), longLease)).toEqual({ outcome: 'started' });
    expect(await other.begin(ref('dead'), longLease)).toEqual({ outcome: 'in_flight' });
    const killed = await pool.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND objid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
      ['invoicing:dead'],
    );
    expect(killed.rows).toEqual([{ killed: true }]);
    expect(await other.begin(ref('dead', 'other-request'), longLease)).toEqual({
      outcome: 'mismatch',
    });
    await waitUntil(async () => (await other.begin(ref('dead'), longLease)).outcome === 'started');
  });

  it('frees the claim of a process killed mid-request at once', async () => {
    const child = spawn(
      process.execPath,
      compiledNodeArgs(path.join(__dirname, 'support/claim-holder.ts')),
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const claimed = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (line: string) => resolve(line.trim()));
      child.on('exit', (code) => reject(new Error(`claim holder exited with ${code}`)));
    });
    expect(claimed).toBe('started');
    const store = new PostgresIdempotencyStore(pool);
    stores.push(store);
    const longLease = { ttlMs: 60_000, leaseMs: 3_600_000 };
    expect(await store.begin(ref('killed'), longLease)).toEqual({ outcome: 'in_flight' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The server notices the closed socket at once; the claim is free well before any lease.
    const started = Date.now();
    await waitUntil(
      async () => (await store.begin(ref('killed'), longLease)).outcome === 'started',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

function tracked(store: PostgresIdempotencyStore): PostgresIdempotencyStore {
  stores.push(store);
  return store;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('HTTP commands with the PostgreSQL store', () => {
  let sample: SampleApp;

  beforeAll(async () => {
    sample = await startSampleApp({
      idempotencyStore: tracked(new PostgresIdempotencyStore(pool)),
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
