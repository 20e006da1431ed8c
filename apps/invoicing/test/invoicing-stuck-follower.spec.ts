import { spawn } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { Pool } from 'pg';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import {
  compiledCliNodeArgs,
  createTestDatabase,
  listenedPool,
  type TestDatabase,
} from '@billing/testing';
import { accountBody, get, post } from './support/fixtures';

jest.setTimeout(120_000);

const secret = 'stuck-follower-secret-at-least-32-characters';
const port = 4310;
const url = `http://127.0.0.1:${port}`;
const projection = 'invoicing.billing-accounts.v1';
const repoRoot = path.resolve(__dirname, '../../..');

/** `npm run cli -- <args>` against this service, with the test's signing secret. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...compiledCliNodeArgs(), ...args], {
      cwd: repoRoot,
      env: { ...process.env, JWT_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A read model that cannot apply an event (here a constraint a bad migration left on its table)
 * stops at that event, says so in /ready, is listed stuck by the operators' query and the CLI, and
 * resumes, applying that very event, once the cause is fixed.
 */
describe('a stuck projection is loud and resumable (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let service: StandaloneService;
  let clerk: string;
  let manager: string;

  beforeAll(async () => {
    database = await createTestDatabase('inv_stuck');
    service = await startStandaloneService(invoicingStandaloneOptions, {
      env: {
        DATABASE_URL: database.url,
        JWT_SECRET: secret,
        LOG_LEVEL: 'fatal',
        PORT: String(port),
      },
    });
    await service.app.listen(port, '127.0.0.1');
    pool = listenedPool(new Pool({ connectionString: database.url, max: 2 }));
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    await service?.close();
    await pool?.end();
    await database?.drop();
  });

  it('stops at the poison event, reports it, and resumes after the fix without skipping it', async () => {
    const server = service.app.getHttpServer();
    await until(
      async () => (await request(server).get('/ready')).status,
      (s) => s === 200,
      'ready',
    );
    await pool.query(
      `ALTER TABLE invoicing_rm.billing_accounts
         ADD CONSTRAINT test_poison CHECK (legal_name <> 'Poison Inc.') NOT VALID`,
    );
    const opened = await post(
      service.app,
      clerk,
      '/invoicing/billing-accounts',
      accountBody({ legalName: 'Poison Inc.' }),
    );
    const accountId = opened.body.billingAccountId as string;
    expect(accountId).toEqual(expect.any(String));

    // Readiness names the follower, its position and the error code, and no event data.
    const ready = await until(
      async () => request(server).get('/ready'),
      (r) => r.status === 503,
      'not ready',
    );
    const followersCheck = ready.body.checks.find((c: { name: string }) => c.name === 'followers');
    expect(followersCheck).toMatchObject({ status: 'down' });
    expect(followersCheck.reason).toContain(`${projection} stuck at position`);
    expect(followersCheck.reason).toContain('(23514)');
    expect(followersCheck.reason).not.toContain('Poison');

    const listed = await get(service.app, manager, '/operations/followers');
    expect(listed.status).toBe(200);
    const stuck = listed.body.followers.find((f: { name: string }) => f.name === projection);
    expect(stuck).toMatchObject({
      kind: 'projection',
      state: 'stuck',
      lag: 1,
      failure: {
        errorCode: '23514',
        eventType: 'BillingAccountOpened',
        eventPosition: expect.any(String),
      },
    });
    expect(JSON.stringify(listed.body)).not.toContain('Poison');
    expect((await get(service.app, clerk, '/operations/followers')).status).toBe(403);

    const listedByCli = await cli(['followers', '--url', url]);
    expect(listedByCli.code).toBe(1); // a follower is not running
    expect(listedByCli.stdout).toMatch(
      new RegExp(`${projection.replace(/\./g, '\\.')}\\s+projection\\s+stuck`),
    );
    expect(listedByCli.stdout).toContain('23514');

    // Nothing after the poison event is applied: the account is not in the read model.
    expect((await get(service.app, clerk, `/invoicing/billing-accounts/${accountId}`)).status).toBe(
      404,
    );
    const unknown = await cli(['followers', 'resume', 'no.such-follower', '--url', url]);
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({
      code: 1,
      stderr: 'error: No service has no.such-follower stuck\n',
    });

    await pool.query('ALTER TABLE invoicing_rm.billing_accounts DROP CONSTRAINT test_poison');
    const resumed = await cli(['followers', 'resume', projection, '--url', url]);
    expect(resumed).toMatchObject({ code: 0 });
    expect(resumed.stdout).toContain(`resumed ${projection}`);

    await until(
      async () => (await request(server).get('/ready')).status,
      (s) => s === 200,
      'ready again',
    );
    const account = await get(service.app, clerk, `/invoicing/billing-accounts/${accountId}`);
    expect(account.status).toBe(200);
    expect(account.body.legalName).toBe('Poison Inc.');
    const after = await cli(['followers', '--url', url, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: projection, state: 'running', lag: 0 }),
      ]),
    );
  });
});
