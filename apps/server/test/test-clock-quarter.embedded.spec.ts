import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '@billing/kernel';
import { mintToken, type Role } from '@billing/platform';
import { createEmbeddedSystem, type EmbeddedSystem } from '../src/embedded-system';

jest.setTimeout(300_000);

const jwtSecret = 'test-clock-quarter-secret-of-32-chars!';
type Json = Record<string, unknown>;

/**
 * Issue 16: a billing coordinator rehearses a quarter (March to July 2026) in seconds on the
 * test clock of `npm start`, on a machine whose real date is later (December 2026): invoices with
 * chosen issue dates, a payment with its received date, a dispute raised before it was recorded,
 * a credit note, a dunning reminder, a payment plan paid through July; the ledger's aging and
 * turnaround come out of those dates, not out of the days the commands were typed.
 */
describe('the test clock: a quarter rehearsed on npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-test-clock-'));
  const realTime = new ManualClock('2026-12-07T10:00:00Z');
  let system: EmbeddedSystem;
  const tokens = {} as Record<'clerk' | 'manager' | 'agent', string>;

  const http = () => request(system.app.getHttpServer());
  const post = (url: string, body: object, token = tokens.clerk) =>
    http()
      .post(url)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
  const get = (url: string, token = tokens.manager) =>
    http().get(url).set('Authorization', `Bearer ${token}`);
  const moveClock = async (body: object): Promise<Json> => {
    const moved = await post('/system/clock', body, tokens.manager);
    expect(moved.status).toBe(200);
    return moved.body as Json;
  };
  /** Every effect of what was sent has reached every service and the ledger. */
  const settled = () => system.quiescent(60_000);

  beforeAll(async () => {
    system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock: realTime,
      env: { LOG_LEVEL: 'silent' },
    });
    const mint = (roles: Role[]) =>
      mintToken({ sub: `${roles[0]}-1`, roles, secret: jwtSecret, ttl: 600 });
    tokens.clerk = await mint(['billing-clerk']);
    tokens.manager = await mint(['billing-manager']);
    tokens.agent = await mint(['collections-agent']);
  });
  afterAll(async () => {
    await system?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function openAccount(): Promise<string> {
    const opened = await post('/invoicing/billing-accounts', {
      legalName: 'Quarter Rehearsal Ltd',
      billingContactName: 'Rita Coordinator',
      email: 'ap@quarter.example',
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
    const accountId = opened.body.billingAccountId as string;
    expect(
      (await post(`/invoicing/billing-accounts/${accountId}/verification`, {})).body.verified,
    ).toBe(true);
    return accountId;
  }

  async function draft(accountId: string, description: string, unitPrice: string): Promise<string> {
    const drafted = await post('/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [{ description, quantity: '1', unitPrice, taxRate: '0' }],
    });
    expect(drafted.status).toBe(201);
    return drafted.body.invoiceId as string;
  }

  async function pay(accountId: string, invoiceId: string, amount: string, receivedDate: string) {
    const paid = await post('/payments/payments', {
      billingAccountId: accountId,
      amount,
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `WIRE-${receivedDate}`,
      receivedDate,
      remittance: [{ invoiceId, amount }],
    });
    expect(paid.status).toBe(201);
    await settled();
  }

  it('reads real time until an operator sets it, and only a billing manager may move it', async () => {
    expect((await get('/system/clock', tokens.clerk)).body).toMatchObject({
      date: '2026-12-07',
      offsetMs: 0,
    });
    const refused = await post('/system/clock', { date: '2026-03-02' }, tokens.clerk);
    expect(refused.status).toBe(403);
    const neither = await post('/system/clock', {}, tokens.manager);
    expect(neither.status).toBe(400);
    expect(neither.body.errors.map((e: Json) => e['field'])).toEqual([
      'instant',
      'date',
      'advanceDays',
      'advanceSeconds',
    ]);
  });

  it('runs March to July with chosen dates, and the ledger dates everything by them', async () => {
    // An empty log: the clock may be set before real time, to rehearse a past quarter.
    expect(await moveClock({ instant: '2026-03-02T09:00:00Z' })).toMatchObject({
      date: '2026-03-02',
    });
    const accountId = await openAccount();

    // March: A is issued today; B is dated the 10th once that day has come; C may not jump the queue.
    const a = await draft(accountId, 'Consulting, February', '1000.00');
    expect((await post(`/invoicing/invoices/${a}/issue`, {})).body).toMatchObject({
      issueDate: '2026-03-02',
      dueDate: '2026-04-01',
    });
    const b = await draft(accountId, 'Licences, March', '500.00');
    const early = await post(`/invoicing/invoices/${b}/issue`, { issueDate: '2026-03-10' });
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({ field: 'issueDate' });
    expect(await moveClock({ advanceDays: 14 })).toMatchObject({ date: '2026-03-16' });
    const issuedB = await post(`/invoicing/invoices/${b}/issue`, { issueDate: '2026-03-10' });
    expect(issuedB.body).toMatchObject({
      issueDate: '2026-03-10',
      dueDate: '2026-04-09',
      number: 'INV-2026-000002',
    });
    const c = await draft(accountId, 'Support, April', '600.00');
    const outOfOrder = await post(`/invoicing/invoices/${c}/issue`, { issueDate: '2026-03-05' });
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body).toMatchObject({ code: 'ISSUE_DATE_BEFORE_SERIES' });
    expect(outOfOrder.body.errors[0]).toMatchObject({ field: 'issueDate' });
    const typo = await post(`/invoicing/invoices/${c}/issue`, { issueDat: '2026-03-16' });
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0]).toMatchObject({ field: 'issueDat' });
    // The log now holds March events: the clock cannot go back before them.
    const back = await post('/system/clock', { date: '2026-03-01' }, tokens.manager);
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: 'CLOCK_BEFORE_LOG' });
    expect(back.body.errors[0]).toMatchObject({ field: 'date' });

    // April 2nd: A's payment, received on March 25th, is recorded; C is issued today.
    await moveClock({ date: '2026-04-02' });
    await settled();
    await pay(accountId, a, '1000.00', '2026-03-25');
    // No body at all, as `curl -X POST` sends it: today's date.
    const issuedC = await http()
      .post(`/invoicing/invoices/${c}/issue`)
      .set('Authorization', `Bearer ${tokens.clerk}`)
      .set('Idempotency-Key', randomUUID());
    expect(issuedC.body).toMatchObject({
      issueDate: '2026-04-02',
      dueDate: '2026-05-02',
    });
    await settled();

    // The customer disputed B by letter on March 30th: the SLA (10 business days) runs from then.
    const dispute = await post('/disputes/disputes', {
      invoiceId: b,
      scope: 'whole',
      reasonCategory: 'pricing_error',
      customerStatement: 'We were quoted less.',
      receivedDate: '2026-03-30',
    });
    expect(dispute.status).toBe(201);
    expect(dispute.body).toMatchObject({
      receivedDate: '2026-03-30',
      resolutionDueDate: '2026-04-13',
    });
    const disputeId = dispute.body.disputeId as string;

    // A goodwill credit on C: not before C's own date.
    const creditEarly = await post(
      `/invoicing/invoices/${c}/credit-notes`,
      { scope: 'amount', amount: '100.00', reason: 'goodwill', issueDate: '2026-04-01' },
      tokens.manager,
    );
    expect(creditEarly.status).toBe(422);
    expect(creditEarly.body.errors[0]).toMatchObject({ field: 'issueDate' });
    const credit = await post(
      `/invoicing/invoices/${c}/credit-notes`,
      { scope: 'amount', amount: '100.00', reason: 'goodwill', issueDate: '2026-04-02' },
      tokens.manager,
    );
    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({ number: 'CN-2026-000001', status: 'issued' });
    await settled();

    // Aging at the end of March: A was paid on the 25th (applied on April 2nd), B is current.
    const march = await get(`/ledger/accounts/${accountId}/aging?date=2026-03-31`);
    expect(march.body.totals[0].buckets).toMatchObject({ current: '500.00', total: '500.00' });

    // April 20th: the dispute is past its SLA and is escalated.
    await moveClock({ date: '2026-04-20' });
    const escalations = await post('/disputes/escalations/run', {}, tokens.manager);
    expect(escalations.body).toMatchObject({ asOf: '2026-04-20' });
    expect(escalations.body.escalated).toEqual([
      expect.objectContaining({ disputeId, resolutionDueDate: '2026-04-13', daysPastDue: 7 }),
    ]);

    // May 20th: C is 18 days overdue, the first reminder goes; a run for tomorrow is refused.
    await moveClock({ date: '2026-05-20' });
    await settled();
    const tomorrow = await post('/collections/dunning/run', { date: '2026-05-21' }, tokens.manager);
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.errors[0]).toMatchObject({ field: 'date' });
    const run = await post('/collections/dunning/run', {}, tokens.manager);
    expect(run.body.date).toBe('2026-05-20');
    expect(run.body.stepsTaken.filter((s: Json) => s['invoiceId'] === c)).toEqual([
      expect.objectContaining({
        step: 'first_reminder',
        daysOverdue: 18,
        amountConcerned: '500.00',
      }),
    ]);
    await settled();

    // The customer promises the 500.00 by May 25th; the run of May 27th finds the promise broken.
    const promise = await post(
      `/collections/billing-accounts/${accountId}/promises-to-pay`,
      { amount: '500.00', date: '2026-05-25', invoices: [{ invoiceId: c }] },
      tokens.agent,
    );
    expect(promise.status).toBe(201);
    await moveClock({ date: '2026-05-27' });
    const broken = await post('/collections/dunning/run', {}, tokens.manager);
    expect(broken.body.promisesBroken).toEqual([
      expect.objectContaining({ invoiceId: c, amountShort: '500.00' }),
    ]);
    await settled();

    // A plan for C's 500.00 in two instalments, June 15th and July 15th (months before real time).
    const plan = await post(
      `/collections/billing-accounts/${accountId}/payment-plans`,
      {
        invoices: [{ invoiceId: c }],
        schedule: { count: 2, firstDueDate: '2026-06-15', intervalDays: 30 },
      },
      tokens.agent,
    );
    expect(plan.status).toBe(201);
    expect(plan.body.instalments.map((i: Json) => [i['dueDate'], i['amount']])).toEqual([
      ['2026-06-15', '250.00'],
      ['2026-07-15', '250.00'],
    ]);
    const planId = plan.body.planId as string;

    await moveClock({ date: '2026-06-16' });
    await pay(accountId, c, '250.00', '2026-06-15');
    expect((await post('/collections/dunning/run', {}, tokens.manager)).body.plansBroken).toEqual(
      [],
    );
    await moveClock({ date: '2026-07-16' });
    await pay(accountId, c, '250.00', '2026-07-15');
    const kept = await get(`/collections/payment-plans/${planId}`, tokens.agent);
    expect(kept.body).toMatchObject({ status: 'completed', amountUnpaid: '0.00' });
    expect(kept.body.instalments.map((i: Json) => i['paidOn'])).toEqual([
      '2026-06-15',
      '2026-07-15',
    ]);

    // End of July: turnaround from the issue dates to the received dates (A 23 days, C 104 days);
    // B, disputed and unpaid, is over 90 days past due.
    await moveClock({ date: '2026-07-31' });
    await settled();
    const metrics = await get(
      `/ledger/metrics?from=2026-03-01&to=2026-07-31&billingAccountId=${accountId}`,
    );
    expect(metrics.status).toBe(200);
    expect(metrics.body.metrics.paymentTurnaround).toEqual({
      invoicesFullyPaid: 2,
      averageDays: '63.50',
    });
    // The dispute counts from the day the customer raised it (March 30th), still open.
    expect(metrics.body.metrics.disputes).toMatchObject({
      invoicesDisputed: 1,
      disputesResolved: 0,
    });
    // Of the three invoices issued in the quarter, C needed a credit note; B alone is owed at
    // the end, against the quarter's sales (153 days); each figure lists its invoices.
    const explained = await get(
      `/ledger/metrics?from=2026-03-01&to=2026-07-31&billingAccountId=${accountId}&explain=true`,
    );
    expect(explained.body.discrepancy).toEqual({
      invoicesIssued: 3,
      invoicesCorrected: 1,
      discrepancyRatePercent: '33.33',
    });
    expect(explained.body.explanation.discrepancy).toEqual([
      expect.objectContaining({ invoiceId: c, reasons: ['credited'] }),
    ]);
    expect(explained.body.daysSalesOutstanding).toEqual([
      expect.objectContaining({ currency: 'USD', endingReceivables: '500.00', days: 153 }),
    ]);
    expect(
      explained.body.explanation.paymentTurnaround.map((r: Json) => [r['invoiceId'], r['days']]),
    ).toEqual([
      [a, 23],
      [c, 104],
    ]);
    const july = await get(`/ledger/accounts/${accountId}/aging?date=2026-07-31`);
    expect(july.body.totals[0].buckets).toMatchObject({ over90: '500.00', total: '500.00' });
    expect((await get('/system/clock')).body).toMatchObject({ date: '2026-07-31' });
  });

  it('keeps the clock across a restart of npm start', async () => {
    await system.close();
    system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock: realTime,
      env: { LOG_LEVEL: 'silent' },
    });
    expect((await get('/system/clock')).body).toMatchObject({ date: '2026-07-31' });
  });
});

describe('the scheduled dunning run on the test clock', () => {
  it('takes the first reminder once the clock passes seven days overdue, with no one calling the run', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-test-clock-timer-'));
    const system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock: new ManualClock('2026-12-07T10:00:00Z'),
      env: { LOG_LEVEL: 'silent', COLLECTIONS_DUNNING_INTERVAL_MS: '200' },
    });
    const mint = (roles: Role[]) =>
      mintToken({ sub: `${roles[0]}-1`, roles, secret: jwtSecret, ttl: 600 });
    const [clerk, manager] = [await mint(['billing-clerk']), await mint(['billing-manager'])];
    const send = (url: string, body: object, token = clerk) =>
      request(system.app.getHttpServer())
        .post(url)
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', randomUUID())
        .send(body);
    try {
      await send('/system/clock', { date: '2026-03-02' }, manager);
      const opened = await send('/invoicing/billing-accounts', {
        legalName: 'Timer Co',
        billingContactName: 'Tim Er',
        email: 'ap@timer.example',
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
      const accountId = opened.body.billingAccountId as string;
      await send(`/invoicing/billing-accounts/${accountId}/verification`, {});
      const drafted = await send('/invoicing/invoices', {
        billingAccountId: accountId,
        currency: 'USD',
        lines: [{ description: 'Hosting, March', quantity: '1', unitPrice: '80.00', taxRate: '0' }],
      });
      await send(`/invoicing/invoices/${drafted.body.invoiceId}/issue`, {});
      await system.quiescent(60_000);
      // Due April 1st; on April 9th (8 days overdue) the timer's next tick takes the reminder.
      await send('/system/clock', { date: '2026-04-09' }, manager);
      const status = async () =>
        (
          await request(system.app.getHttpServer())
            .get(`/collections/billing-accounts/${accountId}/status`)
            .set('Authorization', `Bearer ${manager}`)
        ).body as { invoices: Array<{ stepsTaken: Json[] }> };
      let steps: Json[] = [];
      for (let attempt = 0; attempt < 150 && steps.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        steps = (await status()).invoices[0]?.stepsTaken ?? [];
      }
      expect(steps).toEqual([{ step: 'first_reminder', takenOn: '2026-04-09' }]);
    } finally {
      await system.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the test clock in production mode', () => {
  it('does not exist: GET and POST /system/clock are 404', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-no-test-clock-'));
    const system = await createEmbeddedSystem({
      dataDir,
      jwtSecret,
      clock: new ManualClock('2026-12-07T10:00:00Z'),
      env: { LOG_LEVEL: 'silent', TEST_CLOCK: 'off' },
    });
    try {
      const token = await mintToken({
        sub: 'm',
        roles: ['billing-manager'],
        secret: jwtSecret,
        ttl: 600,
      });
      const http = request(system.app.getHttpServer());
      expect((await http.get('/system/clock').set('Authorization', `Bearer ${token}`)).status).toBe(
        404,
      );
      const moved = await http
        .post('/system/clock')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', randomUUID())
        .send({ advanceDays: 1 });
      expect(moved.status).toBe(404);
    } finally {
      await system.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
