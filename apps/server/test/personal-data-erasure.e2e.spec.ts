import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Pool } from 'pg';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { ManualClock } from '@billing/kernel';
import { ledgerStandaloneOptions } from '@billing/ledger-service';
import { contextTopic } from '@billing/messaging';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import {
  mintToken,
  startStandaloneService,
  type StandaloneService,
  type StandaloneServiceOptions,
} from '@billing/platform';
import { httpCall, until, untilQuiescent, type Json } from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
// The CLI runs as the auditor would run it, in its own process.
import { runCli } from './support/run-cli';

jest.setTimeout(900_000);

const secret = 'personal-data-erasure-e2e-secret-32-chars';
const masterKey = randomBytes(32).toString('base64');

type ServiceName = 'invoicing' | 'payments' | 'collections' | 'ledger';
const serviceOptions: Record<ServiceName, StandaloneServiceOptions> = {
  invoicing: invoicingStandaloneOptions,
  payments: paymentsStandaloneOptions,
  collections: collectionsStandaloneOptions,
  ledger: ledgerStandaloneOptions,
};
const serviceNames = Object.keys(serviceOptions) as ServiceName[];

/**
 * Crypto-shredding end to end, as the local stack runs: invoicing, payments, collections and the
 * ledger as standalone services on one PostgreSQL database and real Kafka. The invoicing topic
 * never carries the customer's name, email or address in clear; after a second manager approves
 * the erasure, every read model shows them as [erased], the books are unchanged, and once the
 * services are gone a full rebuild, `verify` and the audit-trail export agree.
 */
describe('erasing personal data, end to end on Kafka and PostgreSQL', () => {
  const clock = new ManualClock('2026-02-02T09:00:00.000Z');
  const suffix = `.e2epd${randomBytes(4).toString('hex')}`;
  const tag = randomBytes(5).toString('hex');
  const personal = {
    legalName: `Vandermeer ${tag} Holdings`,
    billingContactName: `Philippa ${tag} Vandermeer`,
    email: `philippa.${tag}@vandermeer.example`,
    line1: `${tag} Harbour Walk`,
  };
  let database: TestDatabase;
  let pool: Pool;
  let env: Record<string, string>;
  const services = {} as Record<ServiceName, StandaloneService>;
  let consumer: Consumer;
  const messages = new Map<string, string>();
  let clerk: string;
  let maker: string;
  let checker: string;
  let auditor: string;
  let accountId: string;

  const start = async (name: ServiceName) => {
    services[name] = await startStandaloneService(serviceOptions[name], { env, clock });
  };
  const quiet = () =>
    untilQuiescent(
      pool,
      serviceNames.map((n) => services[n]),
    );
  const cli = (...args: string[]) =>
    runCli([...args, '--database-url', database.url], { PERSONAL_DATA_MASTER_KEY: masterKey });
  const call = (
    name: ServiceName,
    method: 'get' | 'post',
    path: string,
    body?: object,
    token = clerk,
  ) => httpCall(services[name].app, token, method, path, body);

  beforeAll(async () => {
    const kafka = getTestKafka();
    database = await createTestDatabase('e2e_pd');
    pool = new Pool({ connectionString: database.url, max: 2 });
    env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: suffix,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      PERSONAL_DATA_MASTER_KEY: masterKey,
    };
    for (const name of serviceNames) await start(name);
    consumer = new Kafka({
      clientId: 'e2e-analytics',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `e2e-analytics-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({
      topics: [`${contextTopic('invoicing')}${suffix}`],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = String(message.value);
        messages.set((JSON.parse(value) as { eventId: string }).eventId, value);
      },
    });
    const token = (sub: string, role: 'billing-clerk' | 'billing-manager' | 'auditor') =>
      mintToken({ sub, roles: [role], secret, ttl: 3_600 });
    [clerk, maker, checker, auditor] = await Promise.all([
      token('clerk-1', 'billing-clerk'),
      token('manager-1', 'billing-manager'),
      token('manager-2', 'billing-manager'),
      token('auditor-1', 'auditor'),
    ]);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    for (const name of [...serviceNames].reverse()) await services[name]?.close();
    await pool?.end();
    await database?.drop();
  });

  /** Every invoicing event the store holds, as published: waits until the topic has them all. */
  async function topicValues(): Promise<string[]> {
    const { rows } = await pool.query<{ event_id: string }>(
      `SELECT event_id::text FROM event_store.events WHERE category IN
         ('billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries')`,
    );
    await until(
      async () => rows.filter((r) => !messages.has(r.event_id)).length,
      (missing) => missing === 0,
      'every invoicing event on the topic',
      120_000,
    );
    return [...messages.values()];
  }

  const clearValues = () => Object.values(personal);

  it('publishes the account with its personal fields as ciphertext only; collections still addresses the customer', async () => {
    const opened = await call('invoicing', 'post', '/invoicing/billing-accounts', {
      legalName: personal.legalName,
      billingContactName: personal.billingContactName,
      email: personal.email,
      address: {
        line1: personal.line1,
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
    accountId = opened.body['billingAccountId'] as string;
    expect(
      (await call('invoicing', 'post', `/invoicing/billing-accounts/${accountId}/verification`, {}))
        .body['verified'],
    ).toBe(true);
    const drafted = await call('invoicing', 'post', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [{ description: 'Harbour survey', quantity: '1', unitPrice: '900.00', taxRate: '0' }],
    });
    const invoiceId = drafted.body['invoiceId'] as string;
    expect(
      (await call('invoicing', 'post', `/invoicing/invoices/${invoiceId}/issue`, {})).status,
    ).toBe(200);
    expect(
      (
        await call('invoicing', 'post', `/invoicing/invoices/${invoiceId}/sent`, {
          channel: 'email',
          recipient: personal.email,
        })
      ).status,
    ).toBe(200);
    const paid = await call('payments', 'post', '/payments/payments', {
      billingAccountId: accountId,
      amount: '400.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `REF-${tag}`,
      receivedDate: '2026-02-03',
      remittance: [{ invoiceId, amount: '400.00' }],
    });
    expect(paid.status).toBe(201);
    await quiet();

    const values = await topicValues();
    const all = values.join('\n');
    for (const clear of clearValues()) expect(all).not.toContain(clear);
    const openedMessage = values.find(
      (v) => v.includes('"BillingAccountOpened"') && v.includes(accountId),
    );
    expect(openedMessage).toMatch(/"legalName":"pd:v1:/);

    // Collections read the names from the topic's ciphertext through the shared key store.
    const { rows } = await pool.query(
      'SELECT legal_name, contact_name, email FROM collections_rm.accounts WHERE billing_account_id = $1',
      [accountId],
    );
    expect(rows).toEqual([
      {
        legal_name: personal.legalName,
        contact_name: personal.billingContactName,
        email: personal.email,
      },
    ]);
  });

  let booksBefore: { replay: Json; trialBalance: Json; statement: Json };

  it('erases with a second manager: every read model shows [erased], the books and verify are unchanged', async () => {
    const replay = await cli('replay', '--account', accountId, '--json', '--no-progress');
    const trialBalance = await cli('trial-balance', '--json', '--no-progress');
    expect([replay.code, trialBalance.code]).toEqual([0, 0]);
    const statement = await call(
      'ledger',
      'get',
      `/ledger/accounts/${accountId}/statement?from=2026-02-01&to=2026-02-28`,
      undefined,
      auditor,
    );
    expect(statement.status).toBe(200);
    booksBefore = {
      replay: JSON.parse(replay.stdout),
      trialBalance: JSON.parse(trialBalance.stdout),
      statement: statement.body,
    };

    const requested = await call(
      'invoicing',
      'post',
      `/invoicing/billing-accounts/${accountId}/erasure`,
      { reason: 'customer request' },
      maker,
    );
    expect(requested.status).toBe(202);
    const approved = await call(
      'invoicing',
      'post',
      `/invoicing/billing-accounts/${accountId}/erasure/approve`,
      {},
      checker,
    );
    expect(approved.status).toBe(200);
    await quiet();

    const account = await call(
      'invoicing',
      'get',
      `/invoicing/billing-accounts/${accountId}`,
      undefined,
      auditor,
    );
    expect(account.body).toMatchObject({
      legalName: '[erased]',
      email: '[erased]',
      currency: 'USD',
    });
    const copies = await pool.query(
      `SELECT legal_name, contact_name, email, postal_address FROM collections_rm.accounts WHERE billing_account_id = $1`,
      [accountId],
    );
    expect(copies.rows).toEqual([
      {
        legal_name: '[erased]',
        contact_name: '[erased]',
        email: '[erased]',
        postal_address: '[erased]',
      },
    ]);
    const history = await pool.query<{ details: Json }>(
      `SELECT details FROM invoicing_rm.invoice_history WHERE type = 'InvoiceSent'
         AND invoice_id IN (SELECT invoice_id FROM invoicing_rm.invoices WHERE billing_account_id = $1)`,
      [accountId],
    );
    expect(history.rows.map((r) => r.details['recipient'])).toEqual(['[erased]']);
    const readModels = await pool.query<{ dump: string }>(
      `SELECT concat_ws('|', (SELECT string_agg(t::text, '') FROM invoicing_rm.billing_accounts t),
         (SELECT string_agg(t::text, '') FROM invoicing_rm.invoice_history t),
         (SELECT string_agg(t::text, '') FROM collections_rm.accounts t)) AS dump`,
    );
    for (const clear of clearValues()) expect(readModels.rows[0]!.dump).not.toContain(clear);

    const all = (await topicValues()).join('\n');
    for (const clear of clearValues()) expect(all).not.toContain(clear);
    expect(all).toContain('"PersonalDataErased"');

    const statement2 = await call(
      'ledger',
      'get',
      `/ledger/accounts/${accountId}/statement?from=2026-02-01&to=2026-02-28`,
      undefined,
      auditor,
    );
    expect(statement2.body).toEqual(booksBefore.statement);
    const verified = await cli('verify', '--no-progress');
    expect(verified.code).toBe(0);
  });

  it('after the services are gone: a full rebuild, then verify exits 0, the books are identical and the export shows [erased]', async () => {
    for (const name of [...serviceNames].reverse()) {
      await services[name].close();
      delete (services as Partial<Record<ServiceName, StandaloneService>>)[name];
    }
    // Key loss as an operator would meet it: invoicing's read models dropped and rebuilt from the
    // log by a fresh start, the ledger's rebuilt from position 0 by the CLI.
    await pool.query(
      `TRUNCATE invoicing_rm.billing_accounts, invoicing_rm.invoices, invoicing_rm.invoice_history`,
    );
    await pool.query(
      `DELETE FROM event_store.checkpoints
        WHERE subscription_id IN ('invoicing.billing-accounts.v1', 'invoicing.invoices.v1')`,
    );
    const rebuilt = await cli('rebuild', 'all', '--json', '--no-progress');
    expect(rebuilt.code).toBe(0);
    const verified = await cli('verify', '--json', '--no-progress');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    const replay = await cli('replay', '--account', accountId, '--json', '--no-progress');
    const trialBalance = await cli('trial-balance', '--json', '--no-progress');
    expect(JSON.parse(replay.stdout)['balances']).toEqual(booksBefore.replay['balances']);
    expect(JSON.parse(trialBalance.stdout)['currencies']).toEqual(
      booksBefore.trialBalance['currencies'],
    );

    const exported = await cli(
      'export',
      'audit-trail',
      '--from',
      '2026-01-01',
      '--to',
      '2027-12-31',
      '--account',
      accountId,
      '--format',
      'jsonl',
      '--no-progress',
    );
    expect(exported.code).toBe(0);
    for (const clear of clearValues()) expect(exported.stdout).not.toContain(clear);
    const openedRow = exported.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Json)
      .find((row) => row['eventType'] === 'BillingAccountOpened');
    expect(openedRow?.['data']).toMatchObject({
      legalName: '[erased]',
      email: '[erased]',
      currency: 'USD',
    });

    // Invoicing started afresh projects the log again: the rebuilt read model is erased too.
    await start('invoicing');
    await services.invoicing.caughtUp.subscriptions();
    const account = await call(
      'invoicing',
      'get',
      `/invoicing/billing-accounts/${accountId}`,
      undefined,
      auditor,
    );
    expect(account.body).toMatchObject({
      legalName: '[erased]',
      email: '[erased]',
      currency: 'USD',
    });
  });
});
