import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { systemClock } from '@billing/kernel';
import type { AddressInfo } from 'node:net';
import { ensureConsoleBuilt } from '../../src/console/console-build';
import { createConsoleGateway } from '../../src/console/console-gateway';
import { createEmbeddedSystem, type EmbeddedSystem } from '../../src/embedded-system';

jest.setTimeout(120_000);

const jwtSecret = 'console-serving-secret-of-at-least-32-chars';

describe('the web console served by the embedded system', () => {
  const dataDirs: string[] = [];
  const systems: EmbeddedSystem[] = [];

  async function start(env: Record<string, string>) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-serving-'));
    dataDirs.push(dataDir);
    const system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock: systemClock,
      env: { LOG_LEVEL: 'silent', ...env },
    });
    systems.push(system);
    return request(system.app.getHttpServer());
  }

  beforeAll(() => ensureConsoleBuilt());
  afterAll(async () => {
    for (const system of systems) await system.close();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the built console at /console/, never cached, and signs in locally for a chosen role', async () => {
    const http = await start({});
    const page = await http.get('/console/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('/console/assets/');
    expect((await http.get('/console')).headers['location']).toBe('/console/');

    const refused = await http.post('/console/session').send({ role: 'service' });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(refused.body)).toContain('role');

    const session = await http.post('/console/session').send({ role: 'auditor' });
    expect(session.status).toBe(201);
    expect(session.body).toMatchObject({ subject: 'console-auditor', roles: ['auditor'] });
    const auth = { Authorization: `Bearer ${session.body.token}` };
    expect((await http.get('/collections/worklist').set(auth)).status).toBe(200);
    // An auditor's token reads; it changes nothing.
    const change = await http
      .post('/collections/dunning/run')
      .set(auth)
      .set('Idempotency-Key', 'console-serving-1')
      .send({});
    expect(change.status).toBe(403);

    // The chain the console checks: auditors and billing managers, pages bounded, bad input named.
    const chain = await http.get('/ledger/chain?limit=2').set(auth);
    expect(chain.status).toBe(200);
    expect(chain.body).toMatchObject({ previousHash: '', nextAfterSequence: null });
    const badLimit = await http.get('/ledger/chain?limit=0').set(auth);
    expect(badLimit.status).toBe(400);
    expect(JSON.stringify(badLimit.body)).toContain('limit');
    const clerk = await http.post('/console/session').send({ role: 'billing-clerk' });
    const asClerk = { Authorization: `Bearer ${clerk.body.token}` };
    expect((await http.get('/ledger/chain').set(asClerk)).status).toBe(403);
  });

  it("serves the stack's console from one origin in front of the services", async () => {
    const system = systems[0] as EmbeddedSystem;
    const service = await system.app.listen(18_000 + (process.pid % 900), '127.0.0.1');
    const upstream = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    const gateway = createConsoleGateway({
      upstreams: { invoicing: upstream, ledger: upstream, audit: upstream },
      localSignInSecret: jwtSecret,
    });
    const http = request(gateway);
    const page = await http.get('/console/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/console/assets/');
    expect((await http.get('/console/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await http.get('/nowhere/at-all')).status).toBe(404);
    const refused = await http.post('/console/session').send({ role: 'root' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('role');
    const session = await http.post('/console/session').send({ role: 'auditor' });
    expect(session.status).toBe(201);
    const auth = { Authorization: `Bearer ${session.body.token}` };
    const through = await http.get('/ledger/chain?limit=3').set(auth);
    const direct = await request(upstream).get('/ledger/chain?limit=3').set(auth);
    expect(through.status).toBe(200);
    expect(through.body).toEqual(direct.body);
    const problem = await http.get('/invoicing/billing-accounts?limit=0').set(auth);
    expect(problem.status).toBe(400);
    expect(problem.headers['content-type']).toMatch(/application\/problem\+json/);
    const withoutSignIn = request(createConsoleGateway({ upstreams: {} }));
    expect((await withoutSignIn.post('/console/session').send({ role: 'auditor' })).status).toBe(
      404,
    );
  });

  it('has no local sign-in in production mode', async () => {
    const http = await start({ NODE_ENV: 'production' });
    expect((await http.get('/console/')).status).toBe(200);
    expect((await http.post('/console/session').send({ role: 'auditor' })).status).toBe(404);
  });
});
