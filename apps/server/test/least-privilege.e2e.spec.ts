import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { ledgerStandaloneOptions } from '@billing/ledger-service';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import { ManualClock } from '@billing/kernel';
import {
  mintToken,
  provisionDatabase,
  serviceDatabaseUrl,
  serviceRole,
  serviceNames,
  startStandaloneService,
  type ServiceName,
  type StandaloneService,
  type StandaloneServiceOptions,
} from '@billing/platform';
import request from 'supertest';
import { httpCall, issueInvoiceOnNewAccount, until, type Json } from '@billing/service-testing';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { migrationSets } from '../src/migration-sets';

jest.setTimeout(600_000);

/** The test's own superuser sessions, left out when counting the services' sessions. */
const testClient = 'least-privilege-test';
const secret = 'least-privilege-e2e-secret-of-32-characters';
const options: Record<ServiceName, StandaloneServiceOptions> = {
  invoicing: invoicingStandaloneOptions,
  payments: paymentsStandaloneOptions,
  collections: collectionsStandaloneOptions,
  disputes: disputesStandaloneOptions,
  ledger: ledgerStandaloneOptions,
};

/** The SQLSTATE a statement failed with, or 'ok'. */
async function outcome(client: Pick<Client, 'query'>, sql: string): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  } finally {
    await client.query('ROLLBACK');
  }
}

/** DELETE from each table and CREATE beside it, one statement at a time (one client). */
async function attempts(client: Client, tables: string[]): Promise<Record<string, string[]>> {
  const seen: Record<string, string[]> = {};
  for (const table of tables) {
    const schema = table.split('.')[0];
    seen[table] = [
      await outcome(client, `DELETE FROM ${table}`),
      await outcome(client, `CREATE TABLE ${schema}.intruder (x integer)`),
    ];
  }
  return seen;
}

/**
 * Issue #14, point 4, on the local stack's shape: one database migrated by `db:migrate`'s code
 * (owner role, one login per service), each service started as its own login as start:stack
 * does, on Kafka. A service login that a bug or an attacker controls cannot switch off the
 * immutability triggers, edit the log or write another service's tables.
 */
describe('least privilege: every service logs in as its own role', () => {
  let database: TestDatabase;
  let admin: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('least_priv');
    await provisionDatabase({ adminUrl: database.url, sets: migrationSets, env: {} });
    admin = new Pool({ connectionString: database.url, max: 2, application_name: testClient });
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  const asService = async <T>(
    service: ServiceName,
    work: (c: Client) => Promise<T>,
  ): Promise<T> => {
    const client = new Client({ connectionString: serviceDatabaseUrl(database.url, service, {}) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  const someTableOf = async (schema: string): Promise<string> => {
    const { rows } = await admin.query<{ name: string }>(
      `SELECT min(c.oid::regclass::text) AS name FROM pg_class c
        WHERE c.relnamespace = to_regnamespace($1) AND c.relkind = 'r'`,
      [schema],
    );
    return rows[0]?.name ?? `${schema}.missing`;
  };

  it.each(serviceNames)(
    '%s_svc is no superuser and cannot switch off the triggers',
    async (service) => {
      const seen = await asService(service, async (c) => ({
        superuser: (await c.query('SELECT rolsuper FROM pg_roles WHERE rolname = session_user'))
          .rows[0].rolsuper,
        replicaRole: await outcome(c, 'SET session_replication_role = replica'),
        replicaRoleLocal: await outcome(c, 'SET LOCAL session_replication_role = replica'),
        alterSystem: await outcome(
          c,
          "ALTER ROLE CURRENT_USER SET session_replication_role = 'replica'",
        ),
      }));
      expect(seen).toEqual({
        superuser: false,
        replicaRole: '42501',
        replicaRoleLocal: '42501',
        alterSystem: '42501',
      });
    },
  );

  it.each(serviceNames)(
    '%s_svc cannot edit the log, only append through the function',
    async (service) => {
      const seen = await asService(service, async (c) => ({
        update: await outcome(c, "UPDATE event_store.events SET type = 'Forged'"),
        delete: await outcome(c, 'DELETE FROM event_store.events'),
        truncate: await outcome(c, 'TRUNCATE event_store.events'),
        insert: await outcome(
          c,
          'INSERT INTO event_store.events (event_id) VALUES (gen_random_uuid())',
        ),
        streams: await outcome(c, 'DELETE FROM event_store.streams'),
        chain: await outcome(c, 'DELETE FROM event_store.global_chain'),
        disableTrigger: await outcome(c, 'ALTER TABLE event_store.events DISABLE TRIGGER ALL'),
        read: await outcome(c, 'SELECT count(*) FROM event_store.events'),
        seal: await outcome(c, 'SELECT event_store.seal_global_chain(10)'),
      }));
      expect(seen).toEqual({
        update: '42501',
        delete: '42501',
        truncate: '42501',
        insert: '42501',
        streams: '42501',
        chain: '42501',
        disableTrigger: '42501',
        read: 'ok',
        seal: 'ok',
      });
    },
  );

  it.each(serviceNames)(
    "%s_svc writes its own read models and no other service's",
    async (service) => {
      const own = serviceRole(service).schema;
      const others = serviceNames.filter((s) => s !== service).map((s) => serviceRole(s).schema);
      const ownTable = await someTableOf(own);
      const otherTables = await Promise.all(others.map(someTableOf));
      const seen = await asService(service, async (c) => ({
        ownDelete: await outcome(c, `DELETE FROM ${ownTable}`),
        ownCreate: await outcome(c, `CREATE TABLE ${own}.scratch (x integer)`),
        others: await attempts(c, otherTables),
        newSchema: await outcome(c, 'CREATE SCHEMA intruder'),
        migrationRecord: await outcome(c, 'DELETE FROM public.schema_migrations'),
      }));
      expect(seen).toEqual({
        ownDelete: 'ok',
        ownCreate: 'ok',
        others: Object.fromEntries(otherTables.map((t) => [t, ['42501', '42501']])),
        newSchema: '42501',
        migrationRecord: '42501',
      });
    },
  );

  it("a service login neither sees nor moves another service's checkpoints, inbox rows or idempotency records", async () => {
    await admin.query(
      `INSERT INTO event_store.checkpoints (subscription_id, position, owner_role) VALUES ('payments.probe', '0:0', 'payments_svc')`,
    );
    await admin.query(
      `INSERT INTO messaging.inbox (consumer_group, event_id, topic, kafka_partition, kafka_offset, owner_role)
       VALUES ('payments.probe', 'e-1', 't', 0, 0, 'payments_svc')`,
    );
    await admin.query(
      `INSERT INTO platform.idempotency_keys
         (scope, idempotency_key, fingerprint, state, created_at, lease_expires_at, expires_at, owner_role)
       VALUES ('payments', 'k-1', 'f', 'in_flight', now(), now(), now() + interval '1 day', 'payments_svc')`,
    );
    const seen = await asService('invoicing', async (c) => ({
      idempotency: (
        await c.query("SELECT * FROM platform.idempotency_keys WHERE scope = 'payments'")
      ).rowCount,
      idempotencyDelete: (await c.query('DELETE FROM platform.idempotency_keys')).rowCount,
      checkpoints: (
        await c.query(
          "SELECT * FROM event_store.checkpoints WHERE subscription_id = 'payments.probe'",
        )
      ).rowCount,
      moved: (
        await c.query(
          "UPDATE event_store.checkpoints SET position = '9:9' WHERE subscription_id = 'payments.probe'",
        )
      ).rowCount,
      forged: await outcome(
        c,
        "INSERT INTO event_store.checkpoints (subscription_id, position, owner_role) VALUES ('payments.other', '0:0', 'payments_svc')",
      ),
      inbox: (
        await c.query("SELECT * FROM messaging.inbox WHERE consumer_group = 'payments.probe'")
      ).rowCount,
      inboxDelete: await outcome(c, 'DELETE FROM messaging.inbox'),
    }));
    expect(seen).toEqual({
      idempotency: 0,
      idempotencyDelete: 0,
      checkpoints: 0,
      moved: 0,
      forged: '42501',
      inbox: 0,
      inboxDelete: '42501',
    });
    const payments = await asService('payments', (c) =>
      c.query(
        "SELECT position FROM event_store.checkpoints WHERE subscription_id = 'payments.probe'",
      ),
    );
    expect(payments.rows).toEqual([{ position: '0:0' }]);
  });

  it.each(serviceNames)(
    '%s_svc appends to the access log in its own name and cannot alter it',
    async (service) => {
      await admin.query(
        `INSERT INTO platform.access_log (accessed_at, billing_account_id, subject, roles, service, operation)
       VALUES (now(), 'acct-x', 'someone', '{auditor}', 'ledger', 'GET /x')`,
      );
      const seen = await asService(service, async (c) => ({
        append: await outcome(
          c,
          `INSERT INTO platform.access_log (accessed_at, billing_account_id, subject, roles, service, operation)
         VALUES (now(), 'acct-x', 'clerk', '{billing-clerk}', '${service}', 'GET /y')`,
        ),
        forgedWriter: await outcome(
          c,
          `INSERT INTO platform.access_log (accessed_at, billing_account_id, subject, roles, service, operation, recorded_by)
         VALUES (now(), 'acct-x', 'clerk', '{}', 'ledger', 'GET /z', 'ledger_svc_not_me')`,
        ),
        update: await outcome(c, "UPDATE platform.access_log SET subject = 'nobody'"),
        delete: await outcome(c, 'DELETE FROM platform.access_log'),
        truncate: await outcome(c, 'TRUNCATE platform.access_log'),
        disableTrigger: await outcome(c, 'ALTER TABLE platform.access_log DISABLE TRIGGER ALL'),
      }));
      expect(seen).toEqual({
        append: 'ok',
        forgedWriter: '42501',
        update: '42501',
        delete: '42501',
        truncate: '42501',
        disableTrigger: '42501',
      });
    },
  );

  it('the access log refuses UPDATE, DELETE and TRUNCATE even to its owner', async () => {
    const asOwner = await admin.connect();
    try {
      await asOwner.query('SET ROLE billing_owner');
      const seen = {
        update: await outcome(asOwner, "UPDATE platform.access_log SET subject = 'nobody'"),
        delete: await outcome(asOwner, 'DELETE FROM platform.access_log'),
        truncate: await outcome(asOwner, 'TRUNCATE platform.access_log'),
      };
      expect(seen).toEqual({ update: 'PL001', delete: 'PL001', truncate: 'PL001' });
    } finally {
      await asOwner.query('RESET ROLE');
      asOwner.release();
    }
  });

  describe('the five services, each as its own login, on Kafka', () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    const services = {} as Record<ServiceName, StandaloneService>;
    let clerk: string;

    beforeAll(async () => {
      const kafka = getTestKafka();
      const suffix = `.lp${randomBytes(4).toString('hex')}`;
      for (const service of serviceNames) {
        services[service] = await startStandaloneService(options[service], {
          env: {
            DATABASE_URL: serviceDatabaseUrl(database.url, service, {}),
            KAFKA_BROKERS: kafka.brokers.join(','),
            KAFKA_TOPIC_SUFFIX: suffix,
            JWT_SECRET: secret,
            LOG_LEVEL: 'warn',
          },
          clock,
        });
      }
      clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    });
    afterAll(async () => {
      for (const service of [...serviceNames].reverse()) await services[service]?.close();
    });

    const get = (service: ServiceName, path: string) =>
      httpCall(services[service].app, clerk, 'get', path);

    it('an invoice, a payment and the books go through every service, and no session is a superuser', async () => {
      const issued = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Leastpriv', [
        '250.00',
      ]);
      await until(
        () => get('payments', `/payments/billing-accounts/${issued.accountId}/payments`),
        (r) => (r.body['openInvoices'] ?? []).length === 1,
        'payments to learn the invoice from Kafka',
      );
      const paid = await httpCall(services.payments.app, clerk, 'post', '/payments/payments', {
        billingAccountId: issued.accountId,
        amount: '250.00',
        currency: 'USD',
        method: 'bank_transfer',
        externalReference: 'LP-1',
        receivedDate: '2026-03-02',
        remittance: [{ invoiceId: issued.invoiceId, amount: '250.00' }],
      });
      expect(paid.status).toBe(201);
      await until(
        () => get('invoicing', `/invoicing/invoices/${issued.invoiceId}`),
        (r) => r.body['status'] === 'paid',
        'invoicing to apply the payment',
      );
      await until(
        () => get('disputes', `/disputes/invoices/${issued.invoiceId}`),
        (r) => r.status === 200,
        'disputes to learn the invoice',
      );
      await until(
        () => get('collections', `/collections/billing-accounts/${issued.accountId}/status`),
        (r) => r.status === 200,
        'collections to learn the invoice',
      );
      const balances = await until(
        () => get('ledger', `/ledger/accounts/${issued.accountId}/balances`),
        (r) => r.status === 200 && JSON.stringify(r.body).includes('250.00'),
        'the ledger to post the invoice and the payment',
      );
      expect(balances.status).toBe(200);
      // The global sealer runs in every service, as its login, through the SECURITY DEFINER function.
      await until(
        () =>
          admin.query<{ unsealed: string }>(
            `SELECT count(*)::text AS unsealed FROM event_store.events e
              WHERE NOT EXISTS (SELECT 1 FROM event_store.global_chain g WHERE g.global_position = e.global_position)`,
          ),
        (r) => r.rows[0]?.unsealed === '0',
        'the service logins to seal every event',
        30_000,
      );

      const { rows } = await admin.query<{ usename: string; superuser: boolean }>(
        `SELECT a.usename, r.rolsuper AS superuser FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
          WHERE a.datname = current_database() AND a.application_name <> $1 AND a.backend_type = 'client backend'`,
        [testClient],
      );
      const sessions = rows;
      expect(new Set(sessions.map((r) => r.usename))).toEqual(
        new Set(serviceNames.map((s) => `${s}_svc`)),
      );
      expect(sessions.filter((r) => r.superuser)).toEqual([]);
    });

    it('records who read which account, through which route, in the access log an auditor reads', async () => {
      const issued = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Audited', [
        '80.00',
      ]);
      const reader = await mintToken({
        sub: 'clerk-7',
        roles: ['billing-clerk', 'collections-agent'],
        secret,
        ttl: 600,
      });
      const auditor = await mintToken({ sub: 'auditor-1', roles: ['auditor'], secret, ttl: 600 });
      const read = (service: ServiceName, path: string, correlationId: string) =>
        request(services[service].app.getHttpServer())
          .get(path)
          .set('Authorization', `Bearer ${reader}`)
          .set('X-Correlation-Id', correlationId);
      expect(
        (await read('invoicing', `/invoicing/invoices/${issued.invoiceId}`, 'corr-invoice')).status,
      ).toBe(200);
      expect(
        (await read('invoicing', `/invoicing/billing-accounts/${issued.accountId}`, 'corr-account'))
          .status,
      ).toBe(200);
      await until(
        () =>
          read(
            'ledger',
            `/ledger/accounts/${issued.accountId}/statement?from=2026-03-01&to=2026-03-31`,
            'corr-statement',
          ),
        (r) => r.status === 200,
        'the ledger to answer the statement',
      );
      const refused = await request(services.ledger.app.getHttpServer())
        .get(`/ledger/accounts/${issued.accountId}/access-log`)
        .set('Authorization', `Bearer ${reader}`);
      expect(refused.status).toBe(403);

      const answer = await until(
        () =>
          httpCall(
            services.ledger.app,
            auditor,
            'get',
            `/ledger/accounts/${issued.accountId}/access-log`,
          ),
        (r) =>
          (r.body['entries'] ?? []).filter((e: Json) => e['subject'] === 'clerk-7').length >= 3,
        'the reads to reach the access log',
        10_000,
      );
      const byReader = (answer.body['entries'] as Json[]).filter((e) => e['subject'] === 'clerk-7');
      expect(byReader.map((e) => [e['service'], e['operation'], e['correlationId']])).toEqual(
        expect.arrayContaining([
          ['invoicing', 'GET /invoicing/invoices/:id', 'corr-invoice'],
          ['invoicing', 'GET /invoicing/billing-accounts/:id', 'corr-account'],
          ['ledger', 'GET /ledger/accounts/:id/statement', 'corr-statement'],
        ]),
      );
      for (const entry of byReader) {
        expect(entry).toMatchObject({
          billingAccountId: issued.accountId,
          roles: ['billing-clerk', 'collections-agent'],
          accessedAt: expect.stringMatching(/^2026-03-02T09:00:00\.000Z$/),
        });
        expect(entry['recordedBy']).toBe(`${entry['service']}_svc`);
      }
    });
  });

  it('takes over a database first migrated and run as the superuser: objects, runtime tables and rows', async () => {
    const old = await createTestDatabase('least_priv_old');
    const superuser = new Client({ connectionString: old.url });
    try {
      await migrate(old.url, migrationSets);
      await superuser.connect();
      await superuser.query(
        `INSERT INTO event_store.checkpoints (subscription_id, position)
         VALUES ('relay-invoicing-billing.invoicing.v1', '7:5'), ('invoicing.invoices.v1', '7:3')`,
      );
      await superuser.query('CREATE TABLE ledger_rm.balances_v9 (x integer)');
      await provisionDatabase({ adminUrl: old.url, sets: migrationSets, env: {} });
      const asRole = async (service: ServiceName, sql: string) => {
        const client = new Client({ connectionString: serviceDatabaseUrl(old.url, service, {}) });
        await client.connect();
        try {
          return (await client.query(sql)).rows;
        } finally {
          await client.end();
        }
      };
      expect(
        await asRole(
          'invoicing',
          'SELECT subscription_id, position FROM event_store.checkpoints ORDER BY 1',
        ),
      ).toEqual([
        { subscription_id: 'invoicing.invoices.v1', position: '7:3' },
        { subscription_id: 'relay-invoicing-billing.invoicing.v1', position: '7:5' },
      ]);
      expect(await asRole('payments', 'SELECT * FROM event_store.checkpoints')).toEqual([]);
      await asRole('ledger', 'DROP TABLE ledger_rm.balances_v9');
      const owners = await superuser.query<{ owner: string }>(
        "SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'event_store'::regnamespace",
      );
      expect(owners.rows).toEqual([{ owner: 'billing_owner' }]);
    } finally {
      await superuser.end().catch(() => undefined);
      await old.drop();
    }
  });
});
