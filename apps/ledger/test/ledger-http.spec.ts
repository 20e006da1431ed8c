import request from 'supertest';
import { eventually } from '@billing/service-testing';
import { foldAll, ledgerProjection, accountBalances, serialize } from '@billing/ledger-domain';
import { accountScenario } from './support/account-scenario';
import { startLedgerTestApp, type LedgerTestApp } from './support/ledger-test-app';

jest.setTimeout(300_000);

describe('ledger queries over HTTP on PostgreSQL', () => {
  let t: LedgerTestApp;
  let clerk: string;
  let auditor: string;
  const scenario = accountScenario();
  /** Where the log stood just before the first payment bounced. */
  let beforeBounce: { position: number; recordedAt: string };

  const get = (url: string, token = clerk) =>
    request(t.app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startLedgerTestApp('http');
    clerk = await t.token(['billing-clerk']);
    auditor = await t.token(['auditor'], 'auditor-1');
    const appended = await t.append(scenario.beforeBounce);
    // Readers follow the store's safe order, below the oldest transaction open on the whole
    // server: another suite's long transaction can hide fresh commits for a while.
    const first = await eventually(
      () => t.allEvents(),
      (events) => events.length >= appended,
      240_000,
    );
    const last = first[first.length - 1];
    if (last === undefined || first.length < appended)
      throw new Error(`${appended} events appended, ${first.length} visible after 240 s`);
    beforeBounce = { position: last.globalPosition, recordedAt: last.recordedAt };
    // Commit times have millisecond precision: the bounce must come visibly later.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.append(scenario.bounce);
    await t.caughtUp();
  });
  afterAll(() => t?.close());

  describe('balances', () => {
    it("shows an account's balances from the live read model, as the domain folds them", async () => {
      const response = await get(`/ledger/accounts/${scenario.acme}/balances`);
      expect(response.status).toBe(200);
      expect(response.body.balances).toHaveLength(1);
      expect(response.body.balances[0]).toMatchObject({
        currency: 'USD',
        invoiced: '2450.50',
        paid: '225.25',
        openReceivable: '2225.25',
        unappliedCredit: '74.75',
        balanceDue: '2150.50',
      });
      const state = foldAll(ledgerProjection, await t.allEvents());
      expect(serialize(response.body.balances)).toBe(
        serialize(accountBalances(state.balances, scenario.acme)),
      );
      expect(response.body.computedAt).toMatchObject({ source: 'live' });
      expect(response.body.computedAt.position).toBeGreaterThan(beforeBounce.position);
    });

    it('replays the balances as they stood before the bounce, by position or by commit time', async () => {
      const byPosition = await get(
        `/ledger/accounts/${scenario.acme}/balances?asOf=${beforeBounce.position}`,
      );
      expect(byPosition.status).toBe(200);
      expect(byPosition.body.balances[0]).toMatchObject({
        openReceivable: '0.00',
        unappliedCredit: '74.75',
        balanceDue: '-74.75',
      });
      expect(byPosition.body.computedAt).toMatchObject({
        source: 'replay',
        asOf: { position: beforeBounce.position },
        position: beforeBounce.position,
      });
      const byTime = await get(
        `/ledger/accounts/${scenario.acme}/balances?asOf=${encodeURIComponent(beforeBounce.recordedAt)}`,
      );
      expect(byTime.status).toBe(200);
      expect(byTime.body.balances).toEqual(byPosition.body.balances);
      expect(byTime.body.computedAt.position).toBe(beforeBounce.position);
    });

    it('answers an account with no financial events with no balances', async () => {
      const response = await get(`/ledger/accounts/00000000-0000-4000-8000-000000000000/balances`);
      expect(response.status).toBe(200);
      expect(response.body.balances).toEqual([]);
    });
  });

  describe('journal and trial balance', () => {
    it('pages through balanced journal entries in global order', async () => {
      const first = await get(`/ledger/journal?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0]).toMatchObject({
        eventType: 'InvoiceIssued',
        billingAccountId: scenario.globex,
        currency: 'EUR',
        reference: 'invoice INV-2026-000100',
      });
      const second = await get(
        `/ledger/journal?limit=2&afterPosition=${first.body.nextAfterPosition}`,
      );
      expect(second.body.items[0].globalPosition).toBeGreaterThan(
        first.body.items[1].globalPosition,
      );
      for (const entry of [...first.body.items, ...second.body.items]) {
        const sum = (side: string) =>
          entry.lines
            .filter((l: { side: string }) => l.side === side)
            .reduce(
              (s: number, l: { amount: string }) => s + Math.round(Number(l.amount) * 100),
              0,
            );
        expect(sum('debit')).toBe(sum('credit'));
      }
      const acmeOnly = await get(`/ledger/journal?billingAccountId=${scenario.acme}&limit=1000`);
      expect(acmeOnly.body.items.length).toBeGreaterThan(0);
      expect(
        acmeOnly.body.items.every(
          (e: { billingAccountId: string }) => e.billingAccountId === scenario.acme,
        ),
      ).toBe(true);
      expect(acmeOnly.body.nextAfterPosition).toBeNull();
    });

    it('gives the same journal page replayed as of now as from the live tables', async () => {
      const live = await get(`/ledger/journal?limit=5`);
      const replayed = await get(`/ledger/journal?limit=5&asOf=999999`);
      expect(replayed.status).toBe(200);
      expect(replayed.body.items).toEqual(live.body.items);
    });

    it('nets the trial balance to zero per currency, live and at any position', async () => {
      const live = await get(`/ledger/trial-balance`);
      expect(live.status).toBe(200);
      expect(
        live.body.currencies.map((c: { currency: string; net: string }) => [c.currency, c.net]),
      ).toEqual([
        ['EUR', '0.00'],
        ['USD', '0.00'],
      ]);
      const usd = live.body.currencies[1];
      const balance = (account: string) =>
        usd.rows.find((r: { ledgerAccount: string }) => r.ledgerAccount === account).balance;
      expect(balance('accounts_receivable')).toBe('2225.25');
      expect(balance('cash')).toBe('300.00');
      const before = await get(`/ledger/trial-balance?asOf=${beforeBounce.position}`);
      expect(before.body.computedAt).toMatchObject({
        source: 'replay',
        position: beforeBounce.position,
      });
      const usdBefore = before.body.currencies[1];
      expect(usdBefore.net).toBe('0.00');
      expect(
        usdBefore.rows.find((r: { ledgerAccount: string }) => r.ledgerAccount === 'cash').balance,
      ).toBe('2525.25');
      const replayedNow = await get(`/ledger/trial-balance?asOf=999999`);
      expect(replayedNow.body.currencies).toEqual(live.body.currencies);
    });
  });

  describe('aging', () => {
    it("ages an account's open receivables as of a business date", async () => {
      const response = await get(`/ledger/accounts/${scenario.acme}/aging?date=2026-04-20`);
      expect(response.status).toBe(200);
      expect(response.body.accounts).toHaveLength(1);
      // Due 31 March, 4 April and 9 April; reopened by the bounce.
      expect(response.body.accounts[0].buckets).toMatchObject({
        current: '0.00',
        days1To30: '2225.25',
        total: '2225.25',
      });
    });

    it('ages every account in total, and replays the aging as of the log before the bounce', async () => {
      const total = await get(`/ledger/aging?date=2026-04-20`);
      expect(total.status).toBe(200);
      expect(total.body.totals).toEqual([
        expect.objectContaining({
          currency: 'EUR',
          buckets: expect.objectContaining({ days61To90: '500.00' }),
        }),
        expect.objectContaining({
          currency: 'USD',
          buckets: expect.objectContaining({ total: '2225.25' }),
        }),
      ]);
      const before = await get(`/ledger/aging?date=2026-04-20&asOf=${beforeBounce.position}`);
      expect(before.body.totals.map((t: { currency: string }) => t.currency)).toEqual(['EUR']);
      const asOfDate = await get(`/ledger/accounts/${scenario.acme}/aging?date=2026-03-15`);
      expect(asOfDate.body.accounts[0].buckets.total).toBe('2450.50');
    });
  });

  describe('statement', () => {
    it('lists each movement of the period between its opening and closing balance', async () => {
      const response = await get(
        `/ledger/accounts/${scenario.acme}/statement?from=2026-03-15&to=2026-04-30`,
      );
      expect(response.status).toBe(200);
      const usd = response.body.currencies[0];
      expect(usd).toMatchObject({
        currency: 'USD',
        openingBalance: '2450.50',
        closingBalance: '2150.50',
      });
      expect(
        usd.lines.map((l: { kind: string; reference: string; amount: string }) => [
          l.kind,
          l.reference,
          l.amount,
        ]),
      ).toEqual([
        ['payment', 'BANK-REF-001', '-2225.25'],
        ['payment', 'BANK-REF-002', '-300.00'],
        ['payment_reversal', 'BANK-REF-001', '2225.25'],
      ]);
      const before = await get(
        `/ledger/accounts/${scenario.acme}/statement?from=2026-03-15&to=2026-04-30&asOf=${beforeBounce.position}`,
      );
      expect(before.body.currencies[0].closingBalance).toBe('-74.75');
    });
  });

  describe('audit trail', () => {
    it('lists every event that touched the account with who, when and why, a page at a time', async () => {
      const page = await get(`/ledger/accounts/${scenario.acme}/audit-trail?limit=3`, auditor);
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(3);
      expect(page.body.items[0]).toMatchObject({
        type: 'InvoiceIssued',
        actorId: 'coordinator-1',
        service: 'invoicing',
        correlationId: expect.any(String),
        causationId: null,
        streamId: `invoice-${scenario.inv1}`,
      });
      expect(page.body.items[0].recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
      expect(page.body.items[0].occurredAt).toMatch(/^2026-03-01T/);
      const all = await get(`/ledger/accounts/${scenario.acme}/audit-trail?limit=1000`);
      const flow = await get(
        `/ledger/accounts/${scenario.acme}/audit-trail?correlationId=${scenario.flows.payment2}`,
      );
      expect(flow.body.items.map((e: { type: string }) => e.type)).toEqual([
        'PaymentReceived',
        'PaymentAllocated',
        'PaymentAllocationApplied',
        'AllocationConfirmed',
      ]);
      // Invoicing applied the allocation because payments proposed it: causation links them.
      const [, allocated, applied] = flow.body.items;
      expect(applied.causationId).toBe(allocated.eventId);
      expect(all.body.items.length).toBeGreaterThan(flow.body.items.length);
      const replayed = await get(
        `/ledger/accounts/${scenario.acme}/audit-trail?limit=1000&asOf=${beforeBounce.position}`,
      );
      expect(replayed.body.items).toEqual(
        all.body.items.filter(
          (e: { globalPosition: number }) => e.globalPosition <= beforeBounce.position,
        ),
      );
    });

    it('follows a payment from its receipt to its allocation to the invoice it paid', async () => {
      const response = await get(`/ledger/payments/${scenario.pay2}/trail`, auditor);
      expect(response.status).toBe(200);
      const payment = response.body.payment;
      expect(payment).toMatchObject({
        paymentId: scenario.pay2,
        billingAccountId: scenario.acme,
        amount: '300.00',
        externalReference: 'BANK-REF-002',
        receipt: expect.objectContaining({ type: 'PaymentReceived' }),
        invoices: [
          {
            invoiceId: scenario.inv3,
            invoiceNumber: 'INV-2026-000003',
            amountApplied: '225.25',
            allocationIds: [expect.any(String)],
          },
        ],
      });
      expect(payment.allocations[0].events.map((e: { type: string }) => e.type)).toEqual([
        'PaymentAllocated',
        'PaymentAllocationApplied',
        'AllocationConfirmed',
      ]);
      const replayed = await get(`/ledger/payments/${scenario.pay2}/trail?asOf=999999`);
      expect(replayed.body.payment).toEqual(payment);
      const bounced = await get(`/ledger/payments/${scenario.pay1}/trail`);
      expect(bounced.body.payment.reversal).toMatchObject({ type: 'PaymentReversed' });
    });

    it('answers 404 for a payment the ledger never saw', async () => {
      const response = await get(`/ledger/payments/00000000-0000-4000-8000-000000000001/trail`);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  describe('metrics', () => {
    it('reports turnaround, overdue shares, dispute figures and the collection effectiveness index', async () => {
      const response = await get(`/ledger/metrics?from=2026-03-01&to=2026-03-31`);
      expect(response.status).toBe(200);
      expect(response.body.metrics).toMatchObject({
        asOf: '2026-03-31',
        paymentTurnaround: { invoicesFullyPaid: 3 },
        disputes: {
          invoicesIssued: 4,
          invoicesDisputed: 1,
          disputesResolved: 1,
          averageDaysToResolve: '10.00',
        },
      });
      expect(response.body.metrics.overdue).toMatchObject({ invoicesOpen: 1, invoicesOverdue: 1 });
      expect(
        response.body.collectionEffectiveness.map((c: { currency: string }) => c.currency),
      ).toEqual(['EUR', 'USD']);
      const replayed = await get(`/ledger/metrics?from=2026-03-01&to=2026-03-31&asOf=999999`);
      expect(replayed.body.metrics).toEqual(response.body.metrics);
      expect(replayed.body.collectionEffectiveness).toEqual(response.body.collectionEffectiveness);
      const oneAccount = await get(
        `/ledger/metrics?from=2026-03-01&to=2026-04-30&billingAccountId=${scenario.acme}`,
      );
      expect(oneAccount.body.metrics.disputes.invoicesIssued).toBe(3);
    });

    it('adds the discrepancy rate and DSO, and with explain=true the invoices behind each figure', async () => {
      const plain = await get(`/ledger/metrics?from=2026-03-01&to=2026-03-31`);
      expect(plain.body.explanation).toBeUndefined();
      // Over the period: 3 issued in March (the dispute figures count the 4 issued by its end).
      expect(plain.body.discrepancy).toMatchObject({ invoicesIssued: 3 });
      expect(plain.body.daysSalesOutstanding.map((d: { currency: string }) => d.currency)).toEqual([
        'EUR',
        'USD',
      ]);
      const explained = await get(`/ledger/metrics?from=2026-03-01&to=2026-03-31&explain=true`);
      expect(explained.status).toBe(200);
      const { metrics, discrepancy, explanation } = explained.body;
      // Every count is the length of its list.
      expect(explanation.paymentTurnaround).toHaveLength(
        metrics.paymentTurnaround.invoicesFullyPaid,
      );
      expect(explanation.overdue).toHaveLength(metrics.overdue.invoicesOpen);
      expect(explanation.overdue.filter((r: { overdue: boolean }) => r.overdue)).toHaveLength(
        metrics.overdue.invoicesOverdue,
      );
      expect(explanation.disputes).toHaveLength(metrics.disputes.invoicesDisputed);
      expect(explanation.discrepancy).toHaveLength(discrepancy.invoicesCorrected);
      expect(explanation.creditSales.length).toBeGreaterThan(0);
    });
  });

  describe('replay and projections', () => {
    it("replays an account's timeline and figures from the log", async () => {
      const response = await get(
        `/ledger/accounts/${scenario.acme}/replay?asOf=${beforeBounce.position}`,
        auditor,
      );
      expect(response.status).toBe(200);
      expect(response.body.balances[0].balanceDue).toBe('-74.75');
      expect(response.body.invoices.map((i: { number: string }) => i.number)).toEqual([
        'INV-2026-000001',
        'INV-2026-000002',
        'INV-2026-000003',
      ]);
      expect(
        response.body.timeline.every(
          (e: { globalPosition: number }) => e.globalPosition <= beforeBounce.position,
        ),
      ).toBe(true);
    });

    it('lists the live version of every projection and how far it has read', async () => {
      const response = await get(`/ledger/projections`);
      expect(response.status).toBe(200);
      const live = response.body.versions.filter((v: { state: string }) => v.state === 'live');
      expect(live.map((v: { projection: string }) => v.projection).sort()).toEqual([
        'account_index',
        'audit_trail',
        'balances',
        'journal',
        'metrics',
        'statement',
      ]);
    });
  });

  describe('refusals', () => {
    it.each([
      [`/ledger/accounts/ACME/balances`, 'id'],
      [`/ledger/accounts/${scenario.acme}/balances?asOf=yesterday`, 'asOf'],
      [`/ledger/accounts/${scenario.acme}/balances?asOf=2026-03-31`, 'asOf'],
      [`/ledger/accounts/${scenario.acme}/balances?asOf=2026-02-30T10:00:00Z`, 'asOf'],
      [`/ledger/accounts/${scenario.acme}/aging?date=2026-02-30`, 'date'],
      [`/ledger/accounts/${scenario.acme}/aging`, 'date'],
      [`/ledger/journal?limit=0`, 'limit'],
      [`/ledger/journal?limit=1001`, 'limit'],
      [`/ledger/journal?afterPosition=-1`, 'afterPosition'],
      [`/ledger/journal?billingAccountId=x`, 'billingAccountId'],
      [`/ledger/journal?pageSize=10`, 'pageSize'],
      [`/ledger/accounts/${scenario.acme}/statement?from=2026-04-01&to=2026-03-01`, 'to'],
      [
        `/ledger/accounts/${scenario.acme}/audit-trail?correlationId=${'x'.repeat(129)}`,
        'correlationId',
      ],
      [`/ledger/metrics?from=2026-03-01`, 'to'],
      [`/ledger/metrics?from=2026-03-01&to=2026-03-31&explain=yes`, 'explain'],
    ])('answers %s with 400 naming %s', async (url, field) => {
      const response = await get(url);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('needs a token, and a role that may read the ledger', async () => {
      const url = `/ledger/accounts/${scenario.acme}/balances`;
      expect((await request(t.app.getHttpServer()).get(url)).status).toBe(401);
      expect((await get(url, await t.token(['service'], 'svc-1'))).status).toBe(403);
      for (const role of ['billing-manager', 'collections-agent', 'auditor'] as const)
        expect((await get(url, await t.token([role], `${role}-1`))).status).toBe(200);
    });
  });
});
