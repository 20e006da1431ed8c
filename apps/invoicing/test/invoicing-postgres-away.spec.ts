import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@billing/testing';
import { accountBody, get, post } from './support/fixtures';

jest.setTimeout(120_000);

const secret = 'postgres-away-secret-at-least-32-characters';
/** This suite's own PostgreSQL cluster: it is stopped hard, so it must not be the shared one. */
const pgPort = 5531;

async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * PostgreSQL crashes (`pg_ctl stop -m immediate`) under a running service: commands answer 503
 * problem+json with Retry-After, nothing exits, and once the server is back the same service
 * (never restarted) takes commands again, its pool and read models having reconnected by themselves.
 */
describe('invoicing while PostgreSQL is away (own cluster)', () => {
  let postgres: ThrowawayPostgres;
  let service: StandaloneService;
  let clerk: string;

  beforeAll(async () => {
    postgres = startThrowawayPostgres(pgPort);
    service = await startStandaloneService(invoicingStandaloneOptions, {
      env: { DATABASE_URL: postgres.url(), JWT_SECRET: secret, LOG_LEVEL: 'fatal' },
    });
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    try {
      await service?.close();
    } finally {
      postgres?.destroy();
    }
  });

  it('answers 503 with Retry-After while the database is down and recovers without a restart', async () => {
    const server = service.app.getHttpServer();
    const before = await post(service.app, clerk, '/invoicing/billing-accounts', accountBody());
    expect(before.status).toBe(201);

    postgres.stopImmediately();
    const key = randomUUID();
    const refused = await post(
      service.app,
      clerk,
      '/invoicing/billing-accounts',
      accountBody({ legalName: 'During Inc.' }),
      key,
    );
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({
      status: 503,
      type: expect.stringContaining('dependency-unavailable'),
    });
    const read = await get(
      service.app,
      clerk,
      `/invoicing/billing-accounts/${before.body.billingAccountId}`,
    );
    expect(read.status).toBe(503);
    const ready = await request(server).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'postgres', status: 'down' })]),
    );

    postgres.start();
    // The client retries the refused command with the same key, as Retry-After invites it to.
    const retried = await until(
      () =>
        post(
          service.app,
          clerk,
          '/invoicing/billing-accounts',
          accountBody({ legalName: 'During Inc.' }),
          key,
        ),
      (r) => r.status !== 503,
      'the command to be accepted again',
    );
    expect(retried.status).toBe(201);
    await until(
      async () => (await request(server).get('/ready')).status,
      (s) => s === 200,
      'ready again',
    );
    const account = await until(
      () => get(service.app, clerk, `/invoicing/billing-accounts/${retried.body.billingAccountId}`),
      (r) => r.status === 200,
      'the read model to show the account',
    );
    expect(account.body.legalName).toBe('During Inc.');
  });
});
