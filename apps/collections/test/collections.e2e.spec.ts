import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import {
  openDunningNotification,
  type DunningNotificationEnvelope,
  type DunningNotificationMessage,
} from '@billing/collections-service';
import { addDays, ManualClock } from '@billing/kernel';
import { notificationsTopic } from '@billing/messaging';
import { masterKeyOf, PersonalDataCipher, SqlPersonalDataKeyStore } from '@billing/personal-data';
import { mintToken, startStandaloneService, type StandaloneService } from '@billing/platform';
import { messagesNotHandledAgain, until, withFreshConsumerGroups } from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { collectionsStandaloneOptions } from '@billing/collections-service';
// The end-to-end test runs the services collections lives next to in this process, exactly as their
// own main.ts starts them; collections' own code never imports them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { paymentsStandaloneOptions } from '@billing/payments-service';

jest.setTimeout(900_000);

const secret = 'collections-e2e-secret-at-least-32-characters';
const day0 = '2026-01-05';
const day = (n: number) => addDays(day0, n);
const bankAccount = 'DE89 3704 0044 0532 0130 00';
const masterKey = randomBytes(32).toString('base64');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The acceptance scenarios of collections, end to end: invoicing, payments and collections each
 * started as its standalone service (own PostgreSQL database, real Kafka topics between them), in
 * this process so that they share one ManualClock the test moves day by day. Collections learns
 * invoices and payments only from Kafka, and its notifications are read back from Kafka.
 */
describe('collections end to end on Kafka and PostgreSQL, on a clock the test moves', () => {
  const clock = new ManualClock(`${day0}T09:00:00.000Z`);
  const databases: TestDatabase[] = [];
  let invoicing: StandaloneService;
  let payments: StandaloneService;
  let collections: StandaloneService;
  let env: Record<string, string>;
  let collectionsDb: Pool;
  let keysDb: Pool;
  let consumer: Consumer;
  const notifications: DunningNotificationMessage[] = [];
  let clerk: string;
  let manager: string;
  let agent: string;

  beforeAll(async () => {
    const kafka = getTestKafka();
    const suffix = `.coll${randomBytes(4).toString('hex')}`;
    const [invoicingDb, paymentsDb, collectionsDbInfo] = await Promise.all([
      createTestDatabase('coll_e2e_inv'),
      createTestDatabase('coll_e2e_pay'),
      createTestDatabase('coll_e2e_col'),
    ]);
    databases.push(invoicingDb, paymentsDb, collectionsDbInfo);
    env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: suffix,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      COLLECTIONS_PAY_BANK_ACCOUNT: bankAccount,
      COLLECTIONS_PLAN_GRACE_DAYS: '5',
      PERSONAL_DATA_MASTER_KEY: masterKey,
    };
    invoicing = await startStandaloneService(invoicingStandaloneOptions, {
      env: { ...env, DATABASE_URL: invoicingDb.url },
      clock,
    });
    payments = await startStandaloneService(paymentsStandaloneOptions, {
      env: { ...env, DATABASE_URL: paymentsDb.url },
      clock,
    });
    env['DATABASE_URL'] = collectionsDbInfo.url;
    // Collections addresses reminders with names invoicing's events carry encrypted: on databases
    // of their own, the services share the personal-data keys of invoicing's database.
    env['PERSONAL_DATA_KEYS_URL'] = invoicingDb.url;
    collections = await startStandaloneService(collectionsStandaloneOptions, { env, clock });
    collectionsDb = new Pool({ connectionString: collectionsDbInfo.url, max: 2 });
    keysDb = new Pool({ connectionString: invoicingDb.url, max: 2 });

    consumer = new Kafka({
      clientId: 'e2e-email-sender',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `e2e-email-sender-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [`${notificationsTopic}${suffix}`], fromBeginning: true });
    // The email sender opens each notice's recipient and body through the personal-data keys.
    const cipher = new PersonalDataCipher(
      new SqlPersonalDataKeyStore({
        db: keysDb,
        masterKey: masterKeyOf(Buffer.from(masterKey, 'base64')),
      }),
    );
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(String(message.value)) as DunningNotificationEnvelope;
        notifications.push((await openDunningNotification(envelope, cipher)).notification);
      },
    });

    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 3_600 });
    agent = await mintToken({ sub: 'agent-1', roles: ['collections-agent'], secret, ttl: 3_600 });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await collectionsDb?.end();
    await keysDb?.end();
    await collections?.close();
    await payments?.close();
    await invoicing?.close();
    for (const database of databases) await database.drop();
  });

  async function call(
    app: INestApplication,
    method: 'get' | 'post',
    path: string,
    body?: unknown,
    token = clerk,
  ): Promise<{ status: number; body: Json }> {
    const req = request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);
    if (method === 'post') req.set('Idempotency-Key', randomUUID()).send(body as object);
    const res = await req;
    return { status: res.status, body: res.body as Json };
  }

  const status = (accountId: string) =>
    call(
      collections.app,
      'get',
      `/collections/billing-accounts/${accountId}/status`,
      undefined,
      agent,
    );

  async function accountWithInvoice(
    name: string,
  ): Promise<{ accountId: string; invoiceId: string }> {
    const opened = await call(invoicing.app, 'post', '/invoicing/billing-accounts', {
      legalName: `${name} Inc.`,
      billingContactName: `${name} Accounts Payable`,
      email: `ap@${name.toLowerCase()}.example`,
      address: {
        line1: '1 Main St',
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
    const accountId = opened.body['billingAccountId'] as string;
    const verified = await call(
      invoicing.app,
      'post',
      `/invoicing/billing-accounts/${accountId}/verification`,
      {},
    );
    expect(verified.body['verified']).toBe(true);
    const drafted = await call(invoicing.app, 'post', '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        { description: 'Consulting, December', quantity: '1', unitPrice: '1000.00', taxRate: '0' },
      ],
    });
    expect(drafted.status).toBe(201);
    const invoiceId = drafted.body['invoiceId'] as string;
    const issued = await call(invoicing.app, 'post', `/invoicing/invoices/${invoiceId}/issue`, {});
    expect(issued.body).toMatchObject({ total: '1000.00', dueDate: day(30), issueDate: day(0) });
    return { accountId, invoiceId };
  }

  /** A payment as a clerk records it; payments allocates it, invoicing applies it. */
  async function pay(accountId: string, amount: string, on: number): Promise<string> {
    await until(
      () => call(payments.app, 'get', `/payments/billing-accounts/${accountId}/payments`),
      (r) => r.body['openInvoices']?.length === 1,
      'payments to know the open invoice',
    );
    const res = await call(payments.app, 'post', '/payments/payments', {
      billingAccountId: accountId,
      amount,
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `WIRE-${randomUUID()}`,
      receivedDate: day(on),
    });
    expect(res.status).toBe(201);
    return res.body['paymentId'] as string;
  }

  async function planOf(id: string): Promise<Json> {
    return (
      await call(collections.app, 'get', `/collections/payment-plans/${id}`, undefined, agent)
    ).body;
  }

  async function runScheduler(): Promise<Json> {
    const res = await call(collections.app, 'post', '/collections/dunning/run', {}, manager);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function collectionsEventIds(): Promise<string[]> {
    const { rows } = await collectionsDb.query<{ event_id: string }>(
      `SELECT event_id FROM event_store.events WHERE metadata->>'service' = 'collections' ORDER BY event_id`,
    );
    return rows.map((row) => row.event_id);
  }

  it('reminds, escalates, pauses for a promise and a plan, and resumes on what is unpaid, also after a plan payment bounced; a redelivery of every message changes nothing', async () => {
    const plain = await accountWithInvoice('Plain');
    const paidEarly = await accountWithInvoice('Early');
    const promised = await accountWithInvoice('Promise');
    const planned = await accountWithInvoice('Plan');
    const bounced = await accountWithInvoice('Bounce');
    const all = [plain, paidEarly, promised, planned, bounced];
    for (const { accountId } of all) {
      await until(
        () => status(accountId),
        (r) => r.status === 200 && r.body['invoices']?.[0]?.amountOpen === '1000.00',
        'collections to track the invoice from Kafka',
      );
    }

    // Day by day, as a cron job would: the scheduler runs twice each day; what it took is kept.
    const taken = new Map<string, Array<[number, string, string]>>();
    let planId = '';
    let bouncedPlanId = '';
    for (let n = 31; n <= 112; n++) {
      clock.set(`${day(n)}T09:00:00.000Z`);
      if (n === 38) {
        const promise = await call(
          collections.app,
          'post',
          `/collections/billing-accounts/${promised.accountId}/promises-to-pay`,
          { amount: '1000.00', date: day(50), invoices: [{ invoiceId: promised.invoiceId }] },
          agent,
        );
        expect(promise.status).toBe(201);
        const plan = await call(
          collections.app,
          'post',
          `/collections/billing-accounts/${planned.accountId}/payment-plans`,
          {
            invoices: [{ invoiceId: planned.invoiceId }],
            schedule: { count: 3, firstDueDate: day(45), intervalDays: 30 },
          },
          agent,
        );
        expect(plan.status).toBe(201);
        expect(plan.body['instalments'].map((i: Json) => [i['dueDate'], i['amount']])).toEqual([
          [day(45), '333.34'],
          [day(75), '333.33'],
          [day(105), '333.33'],
        ]);
        planId = plan.body['planId'] as string;
        const bouncedPlan = await call(
          collections.app,
          'post',
          `/collections/billing-accounts/${bounced.accountId}/payment-plans`,
          {
            invoices: [{ invoiceId: bounced.invoiceId }],
            schedule: { count: 3, firstDueDate: day(45), intervalDays: 30 },
          },
          agent,
        );
        expect(bouncedPlan.status).toBe(201);
        bouncedPlanId = bouncedPlan.body['planId'] as string;
      }
      if (n === 40) {
        await pay(paidEarly.accountId, '1000.00', 40);
        await until(
          () => status(paidEarly.accountId),
          (r) => r.body['invoices'][0].amountOpen === '0.00',
          'collections to learn the payment on day 40',
        );
      }
      if (n === 45 || n === 75) {
        const [amount, open, paid] =
          n === 45 ? ['333.34', '666.66', '333.34'] : ['333.33', '333.33', '666.67'];
        await pay(planned.accountId, amount, n);
        await until(
          async () => ({
            case: (await status(planned.accountId)).body['invoices'][0],
            plan: (
              await call(
                collections.app,
                'get',
                `/collections/payment-plans/${planId}`,
                undefined,
                agent,
              )
            ).body,
          }),
          (r) => r.case.amountOpen === open && r.plan['amountPaid'] === paid,
          `the plan payment of day ${n}`,
        );
      }
      if (n === 45) {
        // The first instalment arrives on time, then bounces two days later: the plan owes it again.
        const paymentId = await pay(bounced.accountId, '333.34', n);
        await until(
          () => planOf(bouncedPlanId),
          (plan) => plan['amountPaid'] === '333.34',
          'the plan payment that will bounce',
        );
        clock.set(`${day(47)}T09:00:00.000Z`);
        const reversal = await call(
          payments.app,
          'post',
          `/payments/payments/${paymentId}/reverse`,
          { reason: 'Returned: insufficient funds' },
          manager,
        );
        expect(reversal.status).toBe(200);
        await until(
          async () => ({
            case: (await status(bounced.accountId)).body['invoices'][0],
            plan: await planOf(bouncedPlanId),
          }),
          (r) => r.case.amountOpen === '1000.00' && r.plan['amountPaid'] === '0.00',
          'the bounce to reach the plan',
        );
        clock.set(`${day(n)}T09:00:00.000Z`);
      }
      const first = await runScheduler();
      const second = await runScheduler();
      expect(second['stepsTaken']).toEqual([]);
      for (const step of first['stepsTaken'] as Json[]) {
        const list = taken.get(step['invoiceId']) ?? [];
        list.push([n, step['step'], step['amountConcerned']]);
        taken.set(step['invoiceId'], list);
      }
      if (n === 51)
        expect(first['promisesBroken']).toEqual([
          expect.objectContaining({ invoiceId: promised.invoiceId }),
        ]);
      if (n === 51)
        expect(first['plansBroken']).toEqual([
          expect.objectContaining({ planId: bouncedPlanId, amountUnpaid: '1000.00' }),
        ]);
      if (n === 111)
        expect(first['plansBroken']).toEqual([
          expect.objectContaining({ planId, amountUnpaid: '333.33' }),
        ]);
    }

    expect(taken.get(plain.invoiceId)).toEqual([
      [37, 'first_reminder', '1000.00'],
      [51, 'second_reminder', '1000.00'],
      [60, 'collections_call', '1000.00'],
      [75, 'final_notice', '1000.00'],
      [90, 'agency_referral', '1000.00'],
    ]);
    expect(taken.get(paidEarly.invoiceId)).toEqual([[37, 'first_reminder', '1000.00']]);
    expect(taken.get(promised.invoiceId)).toEqual([
      [37, 'first_reminder', '1000.00'],
      [51, 'second_reminder', '1000.00'],
      [60, 'collections_call', '1000.00'],
      [75, 'final_notice', '1000.00'],
      [90, 'agency_referral', '1000.00'],
    ]);
    expect(taken.get(bounced.invoiceId)).toEqual([
      [37, 'first_reminder', '1000.00'],
      [51, 'second_reminder', '1000.00'],
      [60, 'collections_call', '1000.00'],
      [75, 'final_notice', '1000.00'],
      [90, 'agency_referral', '1000.00'],
    ]);
    expect(await planOf(bouncedPlanId)).toMatchObject({
      status: 'broken',
      amountPaid: '0.00',
      instalments: [
        { number: 1, amount: '333.34', paidOn: null, missed: true },
        { number: 2, amount: '333.33', paidOn: null, missed: false },
        { number: 3, amount: '333.33', paidOn: null, missed: false },
      ],
    });
    expect(taken.get(planned.invoiceId)).toEqual([
      [37, 'first_reminder', '1000.00'],
      [111, 'second_reminder', '333.33'],
    ]);

    // What the service says about each account.
    const plainStatus = (await status(plain.accountId)).body;
    expect(plainStatus['invoices'][0]['stepsTaken']).toEqual([
      { step: 'first_reminder', takenOn: day(37) },
      { step: 'second_reminder', takenOn: day(51) },
      { step: 'collections_call', takenOn: day(60) },
      { step: 'final_notice', takenOn: day(75) },
      { step: 'agency_referral', takenOn: day(90) },
    ]);
    expect(plainStatus['invoices'][0]).toMatchObject({
      nextStep: null,
      blockedBy: 'all_steps_done',
    });
    expect((await status(paidEarly.accountId)).body['invoices'][0]).toMatchObject({
      amountOpen: '0.00',
      stepsTaken: [{ step: 'first_reminder', takenOn: day(37) }],
    });
    const plannedStatus = (await status(planned.accountId)).body['invoices'][0];
    expect(plannedStatus).toMatchObject({
      amountOpen: '333.33',
      amountChaseable: '333.33',
      planId: null,
      nextStep: { step: 'collections_call', dueOn: day(120) },
    });
    const plan = (
      await call(collections.app, 'get', `/collections/payment-plans/${planId}`, undefined, agent)
    ).body;
    expect(plan).toMatchObject({
      status: 'broken',
      amountPaid: '666.67',
      amountUnpaid: '333.33',
      instalments: [
        { number: 1, amount: '333.34', paidOn: day(45), missed: false },
        { number: 2, amount: '333.33', paidOn: day(75), missed: false },
        { number: 3, amount: '333.33', paidOn: null, missed: true },
      ],
    });

    // Every step reached the notifications topic once, saying what, how much, since when and how.
    const expectedCount = [...taken.values()].reduce((sum, steps) => sum + steps.length, 0);
    await until(
      async () => notifications.length,
      (count) => count >= expectedCount,
      'the notifications on Kafka',
    );
    const byInvoice = (invoiceId: string) =>
      notifications.filter((n) => n.invoiceId === invoiceId).map((n) => n.step);
    expect(byInvoice(plain.invoiceId)).toEqual([
      'first_reminder',
      'second_reminder',
      'collections_call',
      'final_notice',
      'agency_referral',
    ]);
    expect(byInvoice(paidEarly.invoiceId)).toEqual(['first_reminder']);
    expect(byInvoice(planned.invoiceId)).toEqual(['first_reminder', 'second_reminder']);
    expect(new Set(notifications.map((n) => n.notificationId)).size).toBe(notifications.length);
    const resumed = notifications.find(
      (n) => n.invoiceId === planned.invoiceId && n.step === 'second_reminder',
    );
    expect(resumed).toMatchObject({
      billingAccountId: planned.accountId,
      recipient: { name: 'Plan Accounts Payable', email: 'ap@plan.example' },
      amountConcerned: '333.33',
      currency: 'USD',
      dueDate: day(30),
    });
    expect(resumed?.body).toContain(
      `Invoice:      ${(await status(planned.accountId)).body['invoices'][0]['invoiceNumber']}`,
    );
    expect(resumed?.body).toContain('Amount due:   USD 333.33');
    expect(resumed?.body).toContain(`Due date:     ${day(30)} (81 days overdue)`);
    expect(resumed?.body).toContain(`Bank transfer to ${bankAccount}`);

    // Redelivery: collections again on the same database, its consumers in fresh groups that read
    // every topic from the beginning, so every message of the scenario is handled a second time.
    const eventIdsBefore = await collectionsEventIds();
    const statusesBefore = await Promise.all(all.map(({ accountId }) => status(accountId)));
    const notificationCountBefore = notifications.length;
    await collections.close();
    collections = await startStandaloneService(
      withFreshConsumerGroups(collectionsStandaloneOptions),
      { env, clock },
    );
    for (const group of ['collections.invoicing-events', 'collections.payments-events']) {
      await until(
        () => messagesNotHandledAgain(collectionsDb, group),
        (missing) => missing === 0,
        `${group} to handle every message again`,
        120_000,
      );
    }
    const { rows: replayed } = await collectionsDb.query<{ consumer_group: string; count: string }>(
      `SELECT consumer_group, count(*) FROM messaging.inbox GROUP BY consumer_group ORDER BY consumer_group`,
    );
    // Both generations handled the same messages: dozens from invoicing, a handful from payments.
    expect(replayed.map((r) => [r.consumer_group, Number(r.count) > 5])).toEqual([
      ['collections.invoicing-events', true],
      ['collections.invoicing-events.replay', true],
      ['collections.payments-events', true],
      ['collections.payments-events.replay', true],
    ]);
    expect(await runScheduler()).toMatchObject({
      stepsTaken: [],
      promisesBroken: [],
      plansBroken: [],
    });
    expect(await collectionsEventIds()).toEqual(eventIdsBefore);
    const statusesAfter = await Promise.all(all.map(({ accountId }) => status(accountId)));
    expect(statusesAfter.map((r) => r.body)).toEqual(statusesBefore.map((r) => r.body));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(notifications).toHaveLength(notificationCountBefore);
  });
});
