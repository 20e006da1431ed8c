import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import request from 'supertest';
import { ManualClock } from '@billing/kernel';
import { mintToken } from '@billing/platform';
import { createEmbeddedSystem, type EmbeddedSystem } from '../src/embedded-system';
// The CLI runs as the auditor would run it, in its own process.
import { runCli } from './support/run-cli';

jest.setTimeout(300_000);

const jwtSecret = 'embedded-erasure-test-secret-of-32-chars';

/**
 * Crypto-shredding on the embedded system (`npm start`: PGlite, in-process bus): the master key is
 * generated into the data directory, the stored events and what the bus carried hold ciphertext,
 * and after an approved erasure every read path shows [erased] while `verify` and the books hold.
 */
describe('erasing personal data on the embedded system (PGlite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-erasure-'));
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const tag = randomBytes(5).toString('hex');
  const email = `wilhelmina.${tag}@brackwater.example`;
  const legalName = `Brackwater ${tag} Cooperative`;
  let system: EmbeddedSystem;
  const tokens: Record<string, string> = {};

  const http = () => request(system.app.getHttpServer());
  const post = (url: string, body: object, who = 'clerk') =>
    http()
      .post(url)
      .set('Authorization', `Bearer ${tokens[who]}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
  const get = (url: string, who = 'clerk') =>
    http().get(url).set('Authorization', `Bearer ${tokens[who]}`);
  const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

  beforeAll(async () => {
    system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock,
      env: { LOG_LEVEL: 'silent' },
    });
    const mint = (sub: string, role: 'billing-clerk' | 'billing-manager') =>
      mintToken({ sub, roles: [role], secret: jwtSecret, ttl: 600 });
    tokens['clerk'] = await mint('clerk-1', 'billing-clerk');
    tokens['maker'] = await mint('manager-1', 'billing-manager');
    tokens['checker'] = await mint('manager-2', 'billing-manager');
  });
  afterAll(async () => {
    await system?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps names and emails out of the stored log, erases them on approval, and the CLI agrees after a restart', async () => {
    expect(fs.existsSync(path.join(dataDir, 'personal-data-master-key'))).toBe(true);
    const opened = await post('/invoicing/billing-accounts', {
      legalName,
      billingContactName: `Wilhelmina ${tag}`,
      email,
      address: {
        line1: `${tag} Quay`,
        city: 'Springfield',
        postalCode: '62701',
        region: 'IL',
        country: 'US',
      },
      country: 'US',
      taxId: '12-3456789',
      currency: 'USD',
      paymentTermsDays: 30,
      purchaseOrderRequired: false,
    });
    expect(opened.status).toBe(201);
    const id = opened.body.billingAccountId as string;
    expect((await post(`/invoicing/billing-accounts/${id}/verification`, {})).body.verified).toBe(
      true,
    );
    const drafted = await post('/invoicing/invoices', {
      billingAccountId: id,
      currency: 'USD',
      lines: [{ description: 'Quay repairs', quantity: '1', unitPrice: '640.00', taxRate: '0' }],
    });
    const issued = await post(`/invoicing/invoices/${drafted.body.invoiceId}/issue`, {});
    expect(issued.status).toBe(200);
    expect((await get(`/invoicing/billing-accounts/${id}`)).body.legalName).toBe(legalName);

    expect(
      (
        await post(
          `/invoicing/billing-accounts/${id}/erasure`,
          { reason: 'customer request' },
          'maker',
        )
      ).status,
    ).toBe(202);
    expect(
      (await post(`/invoicing/billing-accounts/${id}/erasure/approve`, {}, 'maker')).status,
    ).toBe(403);
    expect(
      (await post(`/invoicing/billing-accounts/${id}/erasure/approve`, {}, 'checker')).status,
    ).toBe(200);
    const account = await get(`/invoicing/billing-accounts/${id}`);
    expect(account.body).toMatchObject({ legalName: '[erased]', email: '[erased]' });
    const invoice = await get(`/invoicing/invoices/${drafted.body.invoiceId}`);
    expect(invoice.body).toMatchObject({ total: '640.00', amountOpen: '640.00' });
    await system.close();

    // The files themselves: no clear personal data in the events, collections' copy erased.
    const db = await PGlite.create(path.join(dataDir, 'pglite'));
    const stored = await db.query<{ dump: string }>(
      `SELECT string_agg(data::text, '') AS dump FROM event_store.events`,
    );
    const copies = await db.query<{ dump: string }>(
      `SELECT coalesce(string_agg(t::text, ''), '') AS dump FROM collections_rm.accounts t`,
    );
    await db.close();
    expect(stored.rows[0]!.dump).toContain('pd:v1:');
    for (const clear of [email, legalName]) {
      expect(stored.rows[0]!.dump).not.toContain(clear);
      expect(copies.rows[0]!.dump).not.toContain(clear);
    }

    const verified = await cli('verify', '--no-progress');
    expect(verified.code).toBe(0);
    const exported = await cli(
      'export',
      'audit-trail',
      '--from',
      '2026-01-01',
      '--to',
      '2027-12-31',
      '--account',
      id,
      '--format',
      'jsonl',
      '--no-progress',
    );
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(email);
    expect(exported.stdout).toContain('"legalName":"[erased]"');
    const before = await cli('replay', '--account', id, '--json', '--no-progress');
    const rebuilt = await cli('rebuild', 'all', '--no-progress');
    expect(rebuilt.code).toBe(0);
    expect((await cli('verify', '--no-progress')).code).toBe(0);
    const after = await cli('replay', '--account', id, '--json', '--no-progress');
    expect(JSON.parse(after.stdout).balances).toEqual(JSON.parse(before.stdout).balances);
    expect(JSON.stringify(JSON.parse(after.stdout).balances)).toContain('640.00');

    system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock,
      env: { LOG_LEVEL: 'silent' },
    });
    expect((await get(`/invoicing/billing-accounts/${id}`)).body).toMatchObject({
      legalName: '[erased]',
    });
  });
});
