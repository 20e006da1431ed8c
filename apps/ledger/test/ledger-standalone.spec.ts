import request from 'supertest';
import { Pool } from 'pg';
import { pgExecutor } from '@billing/event-store';
import { LedgerProjectionsRunner, ledgerStandaloneOptions } from '@billing/ledger-service';
import { appendInBulk } from '@billing/ledger-service/testing';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { accountScenario } from './support/account-scenario';

jest.setTimeout(120_000);

const secret = 'ledger-standalone-test-secret-at-least-32-characters';

describe('the ledger as a standalone service (main.ts wiring) on PostgreSQL, without Kafka', () => {
  let database: TestDatabase;
  let service: StandaloneService;
  let writer: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('ldg_main');
    service = await startStandaloneService(ledgerStandaloneOptions, {
      env: { DATABASE_URL: database.url, JWT_SECRET: secret, LOG_LEVEL: 'silent' },
    });
    writer = new Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await writer?.end();
    await service?.close();
    await database?.drop();
  });

  it('migrates, projects what the other services append, and answers queries', async () => {
    const scenario = accountScenario();
    await appendInBulk(pgExecutor(writer), [...scenario.beforeBounce, ...scenario.bounce]);
    await service.app.get(LedgerProjectionsRunner).caughtUp();
    const token = await mintToken({ sub: 'auditor-1', roles: ['auditor'], secret, ttl: 600 });
    const response = await request(service.app.getHttpServer())
      .get(`/ledger/accounts/${scenario.acme}/balances`)
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body.balances[0]).toMatchObject({ currency: 'USD', balanceDue: '2150.50' });
  });

  it('publishes an OpenAPI document of every query with its parameters', async () => {
    const response = await request(service.app.getHttpServer()).get('/ledger/docs-json');
    expect(response.status).toBe(200);
    const paths = response.body.paths as Record<
      string,
      { get: { parameters: Array<{ name: string; in: string }> } }
    >;
    expect(Object.keys(paths).sort()).toEqual([
      '/ledger/accounts/{id}/access-log',
      '/ledger/accounts/{id}/aging',
      '/ledger/accounts/{id}/audit-trail',
      '/ledger/accounts/{id}/balances',
      '/ledger/accounts/{id}/replay',
      '/ledger/accounts/{id}/statement',
      '/ledger/accounts/{id}/statement/pdf',
      '/ledger/aging',
      '/ledger/chain',
      '/ledger/journal',
      '/ledger/metrics',
      '/ledger/payments/{id}/trail',
      '/ledger/projections',
      '/ledger/trial-balance',
    ]);
    const names = (path: string) => paths[path]?.get.parameters.map((p) => p.name).sort();
    expect(names('/ledger/accounts/{id}/statement')).toEqual(['asOf', 'from', 'id', 'to']);
    expect(names('/ledger/accounts/{id}/access-log')).toEqual(['after', 'id', 'limit']);
    expect(names('/ledger/journal')).toEqual([
      'afterPosition',
      'asOf',
      'billingAccountId',
      'limit',
    ]);
    expect(Object.keys(paths['/ledger/trial-balance']?.get ?? {})).toContain('responses');
  });

  it('reports itself healthy and ready', async () => {
    expect((await request(service.app.getHttpServer()).get('/health')).status).toBe(200);
    expect((await request(service.app.getHttpServer()).get('/ready')).status).toBe(200);
  });
});
