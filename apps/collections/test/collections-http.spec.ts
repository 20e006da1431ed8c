import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { disputeStream, invoiceStream } from '@billing/contracts';
import { addDays } from '@billing/kernel';
import {
  accountOpened,
  allocationApplied,
  disputeOpened,
  eventually,
  get,
  invoiceIssued,
  post,
  publishAs,
  put,
  startCollectionsTestApp,
  type CollectionsTestApp,
} from './support/collections-test-app';

jest.setTimeout(180_000);

const start = '2026-03-02';
const day = (n: number) => addDays(start, n);
const problemJson = /application\/problem\+json/;

describe('collections over HTTP on PostgreSQL', () => {
  let t: CollectionsTestApp;
  let agent: string;
  let manager: string;
  let otherManager: string;
  let agentManager: string;
  let clerk: string;
  let auditor: string;
  let scheduler: string;

  beforeAll(async () => {
    t = await startCollectionsTestApp({ planGraceDays: 5 });
    agent = await t.token(['collections-agent'], 'agent-1');
    manager = await t.token(['billing-manager'], 'manager-1');
    otherManager = await t.token(['billing-manager'], 'manager-2');
    agentManager = await t.token(['collections-agent', 'billing-manager'], 'lead-1');
    clerk = await t.token(['billing-clerk'], 'clerk-1');
    auditor = await t.token(['auditor'], 'auditor-1');
    scheduler = await t.token(['service'], 'cron');
  });
  afterAll(() => t?.close());

  const onDay = (n: number) => t.clock.set(`${day(n)}T09:00:00.000Z`);
  const status = (accountId: string) =>
    get(t.app, agent, `/collections/billing-accounts/${accountId}/status`);

  /** An account with one invoice collections follows, due `dueIn` days after day 0. */
  async function trackedInvoice(total = '1000.00', dueIn = 30) {
    const accountId = await accountOpened(t);
    const invoiceId = await invoiceIssued(t, accountId, total, day(dueIn));
    await eventually(
      () => status(accountId),
      (r) => r.status === 200 && r.body.invoices?.length === 1,
      'the invoice to be tracked',
    );
    return { accountId, invoiceId };
  }

  async function run(token = manager) {
    const res = await post(t.app, token, '/collections/dunning/run', {});
    expect(res.status).toBe(200);
    return res.body as {
      date: string;
      stepsTaken: Array<{ invoiceId: string; step: string; amountConcerned: string }>;
      promisesBroken: Array<{ invoiceId: string }>;
      plansBroken: Array<{ planId: string; amountUnpaid: string }>;
    };
  }

  const stepsFor = (report: Awaited<ReturnType<typeof run>>, invoiceId: string) =>
    report.stepsTaken.filter((s) => s.invoiceId === invoiceId).map((s) => s.step);

  describe('who may call', () => {
    it('answers 401 with a problem document without a token', async () => {
      const res = await request(t.app.getHttpServer()).get('/collections/worklist');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(problemJson);
    });

    it('answers 403 to roles the use case is not for, and lets an auditor read but not run', async () => {
      const { accountId, invoiceId } = await trackedInvoice();
      const writeOff = await post(
        t.app,
        clerk,
        `/collections/billing-accounts/${accountId}/write-offs`,
        {
          amount: '10.00',
          invoices: [{ invoiceId, amount: '10.00' }],
          reason: 'Too small to chase',
        },
      );
      expect(writeOff.status).toBe(403);
      expect(writeOff.headers['content-type']).toMatch(problemJson);
      expect((await post(t.app, agent, '/collections/dunning/run', {})).status).toBe(403);
      expect((await post(t.app, auditor, '/collections/dunning/run', {})).status).toBe(403);
      expect((await get(t.app, auditor, '/collections/worklist')).status).toBe(200);
      expect((await post(t.app, scheduler, '/collections/dunning/run', {})).status).toBe(200);
    });
  });

  describe('bad input', () => {
    it('is refused with a problem document naming the field, and records nothing', async () => {
      onDay(40);
      const { accountId, invoiceId } = await trackedInvoice();
      const other = await trackedInvoice();
      const before = (await t.collectionsEvents()).length;
      const cases: Array<[string, unknown, number, string]> = [
        [
          `/collections/billing-accounts/${accountId}/promises-to-pay`,
          { amount: '100.00', date: day(50), invoices: [{ invoiceId: randomUUID() }] },
          422,
          'invoices[0].invoiceId',
        ],
        [
          `/collections/billing-accounts/${accountId}/promises-to-pay`,
          { amount: '100.00', date: day(50), invoices: [{ invoiceId: other.invoiceId }] },
          422,
          'invoices[0].invoiceId',
        ],
        [
          `/collections/billing-accounts/${accountId}/promises-to-pay`,
          { amount: '100.00', date: day(39), invoices: [{ invoiceId }] },
          422,
          'date',
        ],
        [
          `/collections/billing-accounts/${accountId}/promises-to-pay`,
          { amount: '100.00', date: '2026-02-30', invoices: [{ invoiceId }] },
          400, // not a calendar date: refused by validation, before the domain
          'date',
        ],
        [
          `/collections/billing-accounts/${accountId}/promises-to-pay`,
          { amount: '1000.01', date: day(50), invoices: [{ invoiceId }] },
          422,
          'amount',
        ],
        [
          `/collections/billing-accounts/${accountId}/promises-to-pay`,
          { amount: 100, date: day(50), invoices: [{ invoiceId }] },
          400,
          'amount',
        ],
        [
          `/collections/billing-accounts/${accountId}/payment-plans`,
          {
            invoices: [{ invoiceId }],
            instalments: [
              { dueDate: day(45), amount: '500.00' },
              { dueDate: day(75), amount: '499.99' },
            ],
          },
          422,
          'instalments',
        ],
        [
          `/collections/billing-accounts/${accountId}/payment-plans`,
          {
            invoices: [{ invoiceId, amount: '1200.00' }],
            schedule: { count: 3, firstDueDate: day(45), intervalDays: 30 },
          },
          422,
          'invoices[0].amount',
        ],
        [
          `/collections/billing-accounts/${accountId}/payment-plans`,
          {
            invoices: [{ invoiceId }],
            schedule: { count: 0, firstDueDate: day(45), intervalDays: 30 },
          },
          400,
          'schedule.count',
        ],
        [
          `/collections/billing-accounts/${accountId}/write-offs`,
          { amount: '1000.01', invoices: [{ invoiceId, amount: '1000.01' }], reason: 'Insolvent' },
          422,
          'invoices[0].amount',
        ],
        [
          `/collections/billing-accounts/${accountId}/write-offs`,
          { amount: '10.00', invoices: [{ invoiceId, amount: '10.00' }], reason: '' },
          400, // blank text: refused by validation, before the domain
          'reason',
        ],
        [
          `/collections/billing-accounts/${accountId}/write-offs`,
          { amount: '10.00', invoices: [{ invoiceId, amount: '10.00' }], reason: 'x', extra: 1 },
          400,
          'extra',
        ],
      ];
      for (const [url, body, expectedStatus, field] of cases) {
        const res = await post(t.app, agent, url, body);
        expect({ url, field, status: res.status }).toEqual({ url, field, status: expectedStatus });
        expect(res.headers['content-type']).toMatch(problemJson);
        expect(res.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      }
      const missingKey = await post(
        t.app,
        agent,
        `/collections/billing-accounts/${accountId}/promises-to-pay`,
        { amount: '100.00', date: day(50), invoices: [{ invoiceId }] },
        null,
      );
      expect(missingKey.status).toBe(400);
      expect(await t.collectionsEvents()).toHaveLength(before);
      expect(t.notifications.filter((n) => n.invoiceId === invoiceId)).toEqual([]);
    });

    it('answers 404 for an unknown plan or write-off and 400 for an id that is not a UUID', async () => {
      expect((await get(t.app, agent, `/collections/payment-plans/${randomUUID()}`)).status).toBe(
        404,
      );
      expect((await get(t.app, agent, `/collections/write-offs/${randomUUID()}`)).status).toBe(404);
      const res = await get(t.app, agent, '/collections/write-offs/not-a-uuid');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });
  });

  describe('dunning on the clock', () => {
    it('reminds on day 37 once, however often it runs, and tells the customer what and how to pay', async () => {
      onDay(0);
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      onDay(36);
      expect(stepsFor(await run(), invoiceId)).toEqual([]);
      onDay(37);
      const first = await run();
      expect(first.date).toBe(day(37));
      expect(first.stepsTaken.filter((s) => s.invoiceId === invoiceId)).toEqual([
        expect.objectContaining({ step: 'first_reminder', amountConcerned: '1000.00' }),
      ]);
      expect(stepsFor(await run(scheduler), invoiceId)).toEqual([]);
      const notifications = await eventually(
        async () => t.notifications.filter((n) => n.invoiceId === invoiceId),
        (found) => found.length === 1,
        'the reminder to be sent',
      );
      expect(notifications[0]).toMatchObject({
        billingAccountId: accountId,
        step: 'first_reminder',
        channels: ['email'],
        recipient: { name: 'Jana Novak', email: 'ap@acme.example' },
        amountConcerned: '1000.00',
        dueDate: day(30),
      });
      expect(notifications[0]?.body).toContain('Amount due:   EUR 1,000.00');
      expect(notifications[0]?.body).toContain(`Due date:     ${day(30)} (7 days overdue)`);
      expect(notifications[0]?.body).toContain('How to pay:');
      const events = (await t.collectionsEvents()).filter(
        (e) =>
          e.type === 'DunningStepTaken' &&
          (e.data as { invoiceId: string }).invoiceId === invoiceId,
      );
      expect(notifications[0]?.notificationId).toBe(events[0]?.eventId);
      const res = await status(accountId);
      expect(res.body.invoices[0]).toMatchObject({
        stepsTaken: [{ step: 'first_reminder', takenOn: day(37) }],
        nextStep: { step: 'second_reminder', dueOn: day(51) },
        daysOverdue: 7,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(t.notifications.filter((n) => n.invoiceId === invoiceId)).toHaveLength(1);
    });

    it('leaves a disputed amount out and stops once the invoice is paid', async () => {
      onDay(0);
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      await disputeOpened(t, accountId, invoiceId, '200.00');
      await eventually(
        () => status(accountId),
        (r) => r.body.invoices[0].amountHeld === '200.00',
        'the dispute hold',
      );
      onDay(37);
      expect((await run()).stepsTaken.filter((s) => s.invoiceId === invoiceId)).toEqual([
        expect.objectContaining({ step: 'first_reminder', amountConcerned: '800.00' }),
      ]);
      await allocationApplied(t, accountId, invoiceId, '1000.00', '0.00');
      await eventually(
        () => status(accountId),
        (r) => r.body.invoices[0].amountOpen === '0.00',
        'the payment',
      );
      for (const n of [51, 60, 75, 90]) {
        onDay(n);
        expect(stepsFor(await run(), invoiceId)).toEqual([]);
      }
    });

    it('puts the most urgent account first on the worklist, with its next action', async () => {
      onDay(0);
      const small = await trackedInvoice('100.00', 20);
      const large = await trackedInvoice('5000.00', 30);
      onDay(40);
      const res = await get(t.app, agent, '/collections/worklist?limit=1000');
      expect(res.status).toBe(200);
      const ids = res.body.entries.map((e: { billingAccountId: string }) => e.billingAccountId);
      expect(ids.indexOf(large.accountId)).toBeLessThan(ids.indexOf(small.accountId));
      const entry = res.body.entries.find(
        (e: { billingAccountId: string }) => e.billingAccountId === large.accountId,
      );
      expect(entry).toMatchObject({
        amountOverdue: '5000.00',
        daysOverdueMax: 10,
        priority: '50000.00',
        nextAction: { kind: 'dunning_step', step: 'first_reminder', dueToday: true },
      });
      const bad = await get(t.app, agent, '/collections/worklist?limit=0');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    });
  });

  describe('promises and plans', () => {
    it('holds dunning for a promise, once per Idempotency-Key, and resumes with the next step when it is broken', async () => {
      onDay(0);
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      onDay(37);
      await run();
      onDay(38);
      const key = randomUUID();
      const url = `/collections/billing-accounts/${accountId}/promises-to-pay`;
      const body = { amount: '1000.00', date: day(50), invoices: [{ invoiceId }] };
      const made = await post(t.app, agent, url, body, key);
      expect(made.status).toBe(201);
      const again = await post(t.app, agent, url, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(made.body);
      const promises = (await t.collectionsEvents()).filter(
        (e) =>
          e.type === 'PromiseToPayMade' &&
          (e.data as { invoiceId: string }).invoiceId === invoiceId,
      );
      expect(promises).toHaveLength(1);
      expect((await status(accountId)).body.invoices[0]).toMatchObject({
        promise: { amount: '1000.00', promisedDate: day(50) },
        blockedBy: 'promise_to_pay',
      });
      for (const n of [39, 45, 50]) {
        onDay(n);
        expect(stepsFor(await run(), invoiceId)).toEqual([]);
      }
      onDay(51);
      const broken = await run();
      expect(broken.promisesBroken).toEqual(
        expect.arrayContaining([expect.objectContaining({ invoiceId })]),
      );
      expect(stepsFor(broken, invoiceId)).toEqual(['second_reminder']);
    });

    it('agrees a plan in three exact instalments, pauses dunning, and breaks it on a missed instalment', async () => {
      onDay(0);
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      onDay(38);
      const agreed = await post(
        t.app,
        agent,
        `/collections/billing-accounts/${accountId}/payment-plans`,
        {
          invoices: [{ invoiceId }],
          schedule: { count: 3, firstDueDate: day(45), intervalDays: 30 },
        },
      );
      expect(agreed.status).toBe(201);
      expect(agreed.body).toMatchObject({
        status: 'active',
        total: '1000.00',
        instalments: [
          { number: 1, dueDate: day(45), amount: '333.34' },
          { number: 2, dueDate: day(75), amount: '333.33' },
          { number: 3, dueDate: day(105), amount: '333.33' },
        ],
      });
      expect(agreed.headers['location']).toBe(`/collections/payment-plans/${agreed.body.planId}`);
      expect((await status(accountId)).body.invoices[0]).toMatchObject({
        planId: agreed.body.planId,
        amountUnderPlan: '1000.00',
        amountChaseable: '0.00',
      });
      for (const n of [40, 45, 50]) {
        onDay(n);
        expect(stepsFor(await run(), invoiceId)).toEqual([]);
      }
      onDay(51);
      const report = await run();
      expect(report.plansBroken.map((p) => p.planId)).toContain(agreed.body.planId);
      expect(stepsFor(report, invoiceId)).toEqual(['first_reminder']);
      const plan = await get(t.app, auditor, `/collections/payment-plans/${agreed.body.planId}`);
      expect(plan.body).toMatchObject({
        status: 'broken',
        amountUnpaid: '1000.00',
        instalments: [
          expect.objectContaining({ number: 1, missed: true, amountPaid: '0.00' }),
          expect.objectContaining({ number: 2, missed: false }),
          expect.objectContaining({ number: 3, missed: false }),
        ],
      });
    });
  });

  describe('write-offs', () => {
    it('auto-approves up to the threshold and needs another billing manager above it (maker-checker)', async () => {
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      const url = `/collections/billing-accounts/${accountId}/write-offs`;
      const small = await post(t.app, agent, url, {
        amount: '250.00',
        invoices: [{ invoiceId, amount: '250.00' }],
        reason: 'Goodwill after a late delivery',
      });
      expect(small.status).toBe(201);
      expect(small.body).toMatchObject({
        status: 'approved',
        approvalRequired: false,
        approvalThreshold: '250.00',
        approval: { approvedBy: 'system', autoApproved: true },
      });

      const key = randomUUID();
      const body = {
        amount: '500.00',
        invoices: [{ invoiceId, amount: '500.00' }],
        reason: 'Customer insolvent; the administrator pays nothing on this part',
      };
      const requested = await post(t.app, agentManager, url, body, key);
      expect(requested.status).toBe(201);
      expect(requested.body).toMatchObject({
        status: 'pending',
        amount: '500.00',
        approvalRequired: true,
        requestedBy: 'lead-1',
      });
      expect((await post(t.app, agentManager, url, body, key)).body).toEqual(requested.body);
      const writeOffId = requested.body.writeOffId as string;

      const own = await post(
        t.app,
        agentManager,
        `/collections/write-offs/${writeOffId}/approve`,
        {},
      );
      expect(own.status).toBe(403);
      expect(own.headers['content-type']).toMatch(problemJson);
      expect(own.body).toMatchObject({ code: 'SELF_APPROVAL_FORBIDDEN' });
      expect(
        (await post(t.app, agent, `/collections/write-offs/${writeOffId}/approve`, {})).status,
      ).toBe(403);

      const approved = await post(
        t.app,
        otherManager,
        `/collections/write-offs/${writeOffId}/approve`,
        {},
      );
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        approval: { approvedBy: 'manager-2', autoApproved: false },
      });
      const events = (await t.collectionsEvents()).filter(
        (e) =>
          e.type === 'WriteOffApproved' &&
          (e.data as { writeOffId: string }).writeOffId === writeOffId,
      );
      expect(events).toHaveLength(1);
      expect(events[0]?.data).toMatchObject({
        amount: '500.00',
        invoices: [{ invoiceId, amount: '500.00' }],
        requestedBy: 'lead-1',
        approvedBy: 'manager-2',
      });
      const twice = await post(t.app, manager, `/collections/write-offs/${writeOffId}/reject`, {
        reason: 'Too late',
      });
      expect(twice.status).toBe(409);
    });

    it('cannot be split: 4 × 250.00 on a 1,000.00 invoice auto-approves only the first (poison path)', async () => {
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      const url = `/collections/billing-accounts/${accountId}/write-offs`;
      const quarter = { amount: '250.00', invoices: [{ invoiceId, amount: '250.00' }] };
      const answers = [];
      for (let i = 0; i < 4; i++)
        answers.push(await post(t.app, agent, url, { ...quarter, reason: `Part ${i + 1}` }));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(answers.map((a) => a.body.status)).toEqual([
        'approved',
        'pending',
        'pending',
        'pending',
      ]);
      // Approval of the rest needs a billing manager who is not the requester.
      const second = answers[1]!.body.writeOffId as string;
      expect(
        (await post(t.app, agent, `/collections/write-offs/${second}/approve`, {})).status,
      ).toBe(403);
      const approved = await post(t.app, manager, `/collections/write-offs/${second}/approve`, {});
      expect(approved.body).toMatchObject({
        status: 'approved',
        approval: { approvedBy: 'manager-1' },
      });
    });

    it('cannot be split by racing: 4 concurrent × 250.00 auto-approve exactly one', async () => {
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      const url = `/collections/billing-accounts/${accountId}/write-offs`;
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          post(t.app, agent, url, {
            amount: '250.00',
            invoices: [{ invoiceId, amount: '250.00' }],
            reason: `Racing part ${i + 1}`,
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(answers.filter((a) => a.body.status === 'approved')).toHaveLength(1);
      const autoApproved = (await t.collectionsEvents()).filter(
        (e) =>
          e.type === 'WriteOffApproved' &&
          (e.data as { billingAccountId: string }).billingAccountId === accountId,
      );
      expect(autoApproved).toHaveLength(1);
    });

    it('a reason with a NUL: 4xx naming reason, nothing appended, and later write-offs answer as decided (poison path)', async () => {
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      const url = `/collections/billing-accounts/${accountId}/write-offs`;
      const before = (await t.collectionsEvents()).length;
      const poisoned = await post(t.app, agent, url, {
        amount: '10.00',
        invoices: [{ invoiceId, amount: '10.00' }],
        reason: 'a\u0000b',
      });
      // The edge refuses it (400) before the store would (422): either way a problem naming reason.
      expect([400, 422]).toContain(poisoned.status);
      expect(poisoned.headers['content-type']).toMatch(problemJson);
      expect(JSON.stringify(poisoned.body.errors)).toContain('reason');
      expect((await t.collectionsEvents()).length).toBe(before);
      const fine = await post(t.app, agent, url, {
        amount: '10.00',
        invoices: [{ invoiceId, amount: '10.00' }],
        reason: 'Rounding difference',
      });
      expect(fine.status).toBe(201);
      expect(fine.body).toMatchObject({ status: 'approved', amount: '10.00' });
      const shown = await eventually(
        () => get(t.app, agent, `/collections/write-offs/${fine.body.writeOffId}`),
        (r) => r.status === 200,
        'the write-off in the read model',
      );
      expect(shown.body.status).toBe('approved');
    });
  });

  describe('what the other services tell it', () => {
    it('chases 800.00 of a 1,000.00 invoice with 200.00 disputed; accepted for 150.00, 50.00 returns at once and the rest with the credit note', async () => {
      const { accountId, invoiceId } = await trackedInvoice('1000.00', 30);
      const disputeId = await disputeOpened(t, accountId, invoiceId, '200.00');
      const invoice = async () => (await status(accountId)).body.invoices[0];
      await eventually(invoice, (i) => i.amountChaseable === '800.00', 'the hold');
      await publishAs(t, 'disputes', disputeStream(disputeId), [
        {
          type: 'DisputeAccepted',
          data: {
            billingAccountId: accountId,
            disputeId,
            invoiceId,
            outcome: 'accepted_partial',
            currency: 'EUR',
            acceptedAmount: '150.00',
            releasedAmount: '50.00',
            resolvedBy: 'manager-1',
            resolvedAt: t.clock.now().toISOString(),
          },
        },
      ]);
      expect(
        await eventually(invoice, (i) => i.amountChaseable === '850.00', 'the release'),
      ).toMatchObject({
        amountHeld: '150.00',
        holds: [{ disputeId, amount: '150.00' }],
      });
      await publishAs(t, 'invoicing', invoiceStream(invoiceId), [
        {
          type: 'CreditNoteIssued',
          data: {
            invoiceId,
            billingAccountId: accountId,
            creditNoteId: randomUUID(),
            number: 'CN-2026-000001',
            currency: 'EUR',
            amount: '150.00',
            netAmount: '150.00',
            taxAmount: '0.00',
            reason: 'dispute',
            disputeId,
            issueDate: t.clock.now().toISOString().slice(0, 10),
            amountOpen: '850.00',
            status: 'issued',
          },
        },
      ]);
      expect(
        await eventually(invoice, (i) => i.amountOpen === '850.00', 'the credit note'),
      ).toMatchObject({
        amountHeld: '0.00',
        amountChaseable: '850.00',
        holds: [],
      });
    });

    it('resumes on the whole amount of a rejected dispute, follows a write-off and closes the case of a voided invoice', async () => {
      const rejected = await trackedInvoice('1000.00', 30);
      const disputeId = await disputeOpened(t, rejected.accountId, rejected.invoiceId, '1000.00');
      const first = async (accountId: string) => (await status(accountId)).body.invoices[0];
      await eventually(
        () => first(rejected.accountId),
        (i) => i.amountChaseable === '0.00',
        'the hold',
      );
      await publishAs(t, 'disputes', disputeStream(disputeId), [
        {
          type: 'DisputeRejected',
          data: {
            billingAccountId: rejected.accountId,
            disputeId,
            invoiceId: rejected.invoiceId,
            currency: 'EUR',
            explanation: 'Delivered as ordered',
            releasedAmount: '1000.00',
            resolvedBy: 'manager-1',
            resolvedAt: t.clock.now().toISOString(),
          },
        },
      ]);
      await eventually(
        () => first(rejected.accountId),
        (i) => i.amountChaseable === '1000.00',
        'the release',
      );

      const writtenOff = await trackedInvoice('1000.00', 30);
      await publishAs(t, 'invoicing', invoiceStream(writtenOff.invoiceId), [
        {
          type: 'InvoiceWrittenOff',
          data: {
            invoiceId: writtenOff.invoiceId,
            billingAccountId: writtenOff.accountId,
            writeOffId: randomUUID(),
            currency: 'EUR',
            amount: '500.00',
            amountOpen: '500.00',
            status: 'partially_paid',
            reason: 'Customer insolvent',
            writtenOffAt: t.clock.now().toISOString(),
          },
        },
      ]);
      await eventually(
        () => first(writtenOff.accountId),
        (i) => i.amountOpen === '500.00',
        'the write-off',
      );

      const voided = await trackedInvoice('1000.00', 30);
      await publishAs(t, 'invoicing', invoiceStream(voided.invoiceId), [
        {
          type: 'InvoiceVoided',
          data: {
            invoiceId: voided.invoiceId,
            billingAccountId: voided.accountId,
            reason: 'Issued to the wrong customer',
            voidedAt: t.clock.now().toISOString(),
          },
        },
      ]);
      expect(
        await eventually(
          () => first(voided.accountId),
          (i) => i.status === 'closed',
          'the void',
        ),
      ).toMatchObject({
        amountChaseable: '0.00',
        nextStep: null,
      });
    });
  });

  describe('segments', () => {
    it('moves an account to a segment and refuses a malformed one naming the field', async () => {
      const { accountId } = await trackedInvoice();
      const res = await put(t.app, manager, `/collections/billing-accounts/${accountId}/segment`, {
        segment: 'enterprise',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ segment: 'enterprise', policy: { segment: 'enterprise' } });
      expect((await status(accountId)).body.segment).toBe('enterprise');
      const bad = await put(t.app, manager, `/collections/billing-accounts/${accountId}/segment`, {
        segment: 'Big Accounts',
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'segment' })]);
    });

    it('refuses a segment on an account invoicing never opened, recording nothing', async () => {
      const before = (await t.collectionsEvents()).length;
      const res = await put(
        t.app,
        manager,
        `/collections/billing-accounts/${randomUUID()}/segment`,
        { segment: 'enterprise' },
      );
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'UNKNOWN_BILLING_ACCOUNT' });
      expect((await t.collectionsEvents()).length).toBe(before);
    });
  });
});

describe('the in-process dunning timer', () => {
  let t: CollectionsTestApp;
  afterAll(() => t?.close());

  it('takes the due step by itself when an interval is configured, and only once', async () => {
    t = await startCollectionsTestApp({ dunningIntervalMs: 100 });
    const agent = await t.token(['collections-agent'], 'agent-1');
    const accountId = await accountOpened(t);
    const invoiceId = await invoiceIssued(t, accountId, '1000.00', day(30));
    t.clock.set(`${day(37)}T09:00:00.000Z`);
    const status = await eventually(
      () => get(t.app, agent, `/collections/billing-accounts/${accountId}/status`),
      (r) => r.status === 200 && r.body.invoices[0]?.stepsTaken.length === 1,
      'the timer to take the first reminder',
    );
    expect(status.body.invoices[0].stepsTaken).toEqual([
      { step: 'first_reminder', takenOn: day(37) },
    ]);
    await eventually(
      async () => t.notifications.filter((n) => n.invoiceId === invoiceId),
      (sent) => sent.length === 1,
      'the reminder',
    );
    // Several more periods on the same day: nothing more is taken or sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const steps = (await t.collectionsEvents()).filter((e) => e.type === 'DunningStepTaken');
    expect(steps).toHaveLength(1);
    expect(t.notifications).toHaveLength(1);
  });
});
