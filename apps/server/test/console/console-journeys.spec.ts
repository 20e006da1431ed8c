import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import type { Browser, Page } from 'playwright-core';
import {
  buckets,
  expectEvidenceExport,
  expectEvidenceSumsTo,
  expectFiguresEqualApi,
  type Moment,
  type Replay,
} from './auditor-checks';
import { axeViolations, launchBrowser, screenshot } from './browser';
import type { ApiClient } from './console-api';
import { startConsoleSystem, type ConsoleSystem } from './console-system';
import { seedQuarter, type SeededQuarter } from './seed-quarter';

jest.setTimeout(120_000);

/**
 * The web console in a real headless browser (Debian's chromium) against the embedded system
 * after a quarter of work: an auditor scrubs an account through it and ties its figures to
 * events; a coordinator works the worklist, reviews, issues, credits and posts a payment.
 */
describe('web console journeys', () => {
  let env: ConsoleSystem;
  let browser: Browser;
  let quarter: SeededQuarter;
  let auditorApi: ApiClient;
  let managerApi: ApiClient;

  beforeAll(async () => {
    env = await startConsoleSystem();
    managerApi = await env.api(['billing-manager', 'collections-agent']);
    quarter = await seedQuarter(managerApi, env.clock, () => env.system.quiescent());
    auditorApi = await env.api(['auditor']);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function signedIn(role: string): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    ).newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await page.getByLabel('Role').selectOption(role);
    await page.getByRole('button', { name: 'Sign in as this role' }).click();
    await page.getByText(`Signed in as console-${role} (${role})`).waitFor();
    return page;
  }

  describe('an auditor', () => {
    let page: Page;

    beforeAll(async () => {
      page = await signedIn('auditor');
    });

    it('signs in locally and opens the account (0 axe violations)', async () => {
      const fresh = await (await browser.newContext()).newPage();
      await fresh.goto(`${env.baseUrl}/console/`);
      await fresh.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
      expect(await axeViolations(fresh)).toEqual([]);
      await screenshot(fresh, 'sign-in');
      await page.getByLabel('Name starts with').fill('acme');
      await page.getByRole('button', { name: 'Find' }).click();
      await page
        .getByTestId('accounts-found')
        .getByRole('link', { name: 'Acme Manufacturing Inc.' })
        .click();
      await page.getByTestId('figures').waitFor();
      expect(page.url()).toContain(`account=${quarter.accountId}`);
      expect(await axeViolations(page)).toEqual([]);
    });

    it("sees the server's balance and aging at five moments of the quarter", async () => {
      const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
      const moments = history.timeline;
      const picks = [4, ...[0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (moments.length - 1)))];
      for (const index of picks) {
        const moment = moments[index] as Moment;
        await page.getByLabel('As of').fill(String(index));
        await page
          .locator(`[data-testid=figures][data-position="${moment.globalPosition}"]`)
          .waitFor();
        expect(page.url()).toContain(`asOf=${moment.globalPosition}`);
        // Reminders as the log held them then: none before the May dunning run, all of them after.
        const reminders = moments.filter(
          (m) => m.type === 'DunningStepTaken' && m.globalPosition <= moment.globalPosition,
        );
        expect(await page.getByRole('rowheader', { name: 'DunningStepTaken' }).count()).toBe(
          reminders.length,
        );
        await expectFiguresEqualApi(
          page,
          auditorApi,
          quarter.accountId,
          moment,
          moment.occurredAt.slice(0, 10),
        );
      }
      await screenshot(page, 'auditor-as-of');
    });

    it('clicks an aging figure and the open receivable through to events that add up to them', async () => {
      const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
      const moment = history.timeline.find(
        (m) => m.type === 'InvoiceIssued' && m.occurredAt.startsWith('2026-04'),
      ) as Moment;
      const date = '2026-05-15';
      // A cited view: the URL alone brings back the account, the moment and the aging date.
      await page.goto(
        `${env.baseUrl}/console/#/audit?account=${quarter.accountId}&asOf=${moment.globalPosition}&date=${date}`,
      );
      await page
        .locator(`[data-testid=figures][data-position="${moment.globalPosition}"]`)
        .waitFor();
      const api = await expectFiguresEqualApi(page, auditorApi, quarter.accountId, moment, date);
      const overdue = buckets.find(
        (b) => b !== 'current' && !new Decimal(api.aging[b] ?? '0').isZero(),
      ) as string;
      expect(overdue).toBeDefined();
      await page.locator(`[data-figure="bucket:USD:${overdue}"]`).click();
      await expectEvidenceSumsTo(page, api.aging[overdue] as string);
      expect(page.url()).toContain(`figure=bucket%3AUSD%3A${overdue}`);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'auditor-aging-evidence');
      await expectEvidenceExport(page, `bucket:USD:${overdue}`);
      await page.locator('[data-figure="open:USD"]').click();
      await expectEvidenceSumsTo(page, api.openReceivable);
      await screenshot(page, 'auditor-open-receivable-evidence');
    });
    it("follows a payment's causation trail across services, and shows who viewed the account", async () => {
      const id = quarter.accountId;
      await page.goto(`${env.baseUrl}/console/#/audit?account=${id}&figure=open%3AUSD`);
      const allocation = page
        .getByTestId('evidence-row')
        .filter({ hasText: 'PaymentAllocationApplied' })
        .first();
      const command = allocation.locator('td.mono button');
      const correlationId = (await command.textContent()) ?? '';
      await command.click();
      const trail = page.getByTestId('trail');
      await trail.getByTestId('trail-row').first().waitFor();
      expect(page.url()).toContain(`trail=${correlationId}`);
      const api = await auditorApi.get<{ items: Array<{ eventId: string; service: string }> }>(
        `/ledger/accounts/${id}/audit-trail?correlationId=${correlationId}&limit=1000`,
      );
      expect(new Set(api.items.map((e) => e.service)).size).toBeGreaterThan(1);
      const shown = await trail.getByTestId('trail-row').locator('td.mono').allTextContents();
      for (const event of api.items) expect(shown).toContain(event.eventId);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'auditor-causation-trail');
      // The reads above are in the access log (written in batches every 200 ms).
      await page.reload();
      await page.getByText('Who viewed this account').click();
      await page.getByTestId('access-log').getByText('console-auditor (auditor)').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });

    it('shows the account as it happened and as we knew it, the back-dated entry marked', async () => {
      const id = quarter.accountId;
      await page.goto(`${env.baseUrl}/console/#/audit?account=${id}&order=recorded`);
      const timeline = page.getByTestId('timeline');
      await timeline.getByTestId('timeline-row').first().waitFor();
      const history = await auditorApi.get<Replay>(`/ledger/accounts/${id}/replay`);
      const positions = () =>
        timeline.getByTestId('timeline-row').locator('td:first-child').allTextContents();
      expect(await positions()).toEqual(history.timeline.map((m) => String(m.globalPosition)));
      const backDated = timeline.locator('[data-back-dated=true]');
      // The credit note and what followed from it in the other services, all dated 25 April.
      const marked = await backDated.allTextContents();
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.every((row) => row.includes('2026-04-25'))).toBe(true);
      expect(marked.some((row) => row.includes('CreditNoteIssued'))).toBe(true);
      await timeline.getByRole('link', { name: /as it happened/ }).click();
      await page.waitForURL(/order=business/);
      const byBusiness = [...history.timeline]
        .sort(
          (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.globalPosition - b.globalPosition,
        )
        .map((m) => String(m.globalPosition));
      expect(await positions()).toEqual(byBusiness);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'auditor-timeline-as-it-happened');
    });

    it('drills each dashboard metric down to the invoices the server counted in it', async () => {
      const period = 'from=2026-03-01&to=2026-05-31';
      await page.goto(`${env.baseUrl}/console/#/dashboard?${period}`);
      await page.getByTestId('metrics').waitFor();
      const api = await auditorApi.get<{
        metrics: { overdue: { amounts: Array<{ amountOverdue: string }> } };
        collectionEffectiveness: Array<{ creditSales: string; endingReceivables: string }>;
        discrepancy: { invoicesCorrected: number };
      }>(`/ledger/metrics?${period}&explain=true`);
      const expected: Record<string, string> = {
        'overdue:USD': api.metrics.overdue.amounts[0]?.amountOverdue ?? '',
        'sales:USD': api.collectionEffectiveness[0]?.creditSales ?? '',
        'receivables:USD': api.collectionEffectiveness[0]?.endingReceivables ?? '',
        corrected: String(api.discrepancy.invoicesCorrected),
      };
      for (const [key, value] of Object.entries(expected)) {
        const figure = page.locator(`[data-figure="${key}"]`);
        expect(await figure.textContent()).toBe(value);
        await figure.click();
        await page
          .getByTestId('metric-check')
          .filter({ hasText: `= ${value}.` })
          .waitFor();
        expect(page.url()).toContain(`figure=${encodeURIComponent(key)}`);
      }
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'auditor-metrics-drill-down');
    });

    it('compares two moments: the change in open receivable broken down by the events between', async () => {
      const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
      const [from, to] = [history.timeline[4] as Moment, history.timeline.at(-1) as Moment];
      await page.goto(
        `${env.baseUrl}/console/#/audit?account=${quarter.accountId}&asOf=${from.globalPosition}`,
      );
      await page.locator(`[data-testid=figures][data-position="${from.globalPosition}"]`).waitFor();
      await page.getByRole('button', { name: 'Compare from this moment' }).click();
      await page.getByLabel('As of').fill(String(history.timeline.length - 1));
      await page.locator(`[data-testid=figures][data-position="${to.globalPosition}"]`).waitFor();
      const compare = page.getByTestId('compare');
      await compare.waitFor();
      expect(page.url()).toContain(`from=${from.globalPosition}`);
      const open = async (m: Moment) =>
        (
          await auditorApi.get<Replay>(
            `/ledger/accounts/${quarter.accountId}/replay?asOf=${m.globalPosition}`,
          )
        ).balances.find((b) => b.currency === 'USD')?.openReceivable ?? '0';
      const change = new Decimal(await open(to)).minus(await open(from));
      expect(
        new Decimal((await page.getByTestId('compare-change').textContent()) ?? 'NaN').equals(
          change,
        ),
      ).toBe(true);
      const amounts = await compare.getByTestId('compare-row').locator('td.num').allTextContents();
      expect(amounts.reduce((s, a) => s.plus(a), new Decimal(0)).equals(change)).toBe(true);
      expect(await compare.textContent()).toContain('The events add up to the change');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'auditor-compare');
    });
  });

  describe('a billing manager', () => {
    let page: Page;
    let draftId: string;

    beforeAll(async () => {
      const draft = await managerApi.post<{ invoiceId: string }>('/invoicing/invoices', {
        billingAccountId: quarter.accountId,
        currency: 'USD',
        lines: [
          { description: 'Consulting, May', quantity: '3', unitPrice: '80.00', taxRate: '0' },
        ],
      });
      draftId = draft.invoiceId;
      page = await signedIn('billing-manager');
    });

    it('works the worklist, most urgent first, with its filters and sort in the URL', async () => {
      await page.getByTestId('worklist').waitFor();
      const api = await managerApi.get<{
        entries: Array<{ billingAccountId: string; amountOverdue: string }>;
      }>('/collections/worklist');
      const accountsShown = () => page.locator('[data-testid=worklist-row] th a').allTextContents();
      expect(await accountsShown()).toEqual(api.entries.map((e) => e.billingAccountId));
      expect(await accountsShown()).toEqual([quarter.accountId, quarter.smallAccountId]);
      await page.getByLabel('Sort by').selectOption('days');
      await page.waitForURL(/sort=days/);
      expect(await accountsShown()).toEqual([quarter.smallAccountId, quarter.accountId]);
      await page.getByLabel('At least days overdue').fill('40');
      await page.getByLabel('At least days overdue').press('Enter');
      await page.waitForURL(/minDays=40/);
      expect(await accountsShown()).toEqual([quarter.smallAccountId]);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'coordinator-worklist');
    });

    it('reviews, issues and credits an invoice through the HTTP commands', async () => {
      await page.goto(`${env.baseUrl}/console/#/account?account=${quarter.accountId}`);
      await page.getByTestId('account-invoices').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'coordinator-account');
      await page.getByRole('link', { name: `draft ${draftId.slice(0, 8)}` }).click();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByTestId('review-findings').getByText('ready to issue').waitFor();
      await page.getByRole('button', { name: 'Issue', exact: true }).click();
      await page.getByTestId('invoice-status').getByText('issued').waitFor();
      const issued = await managerApi.get<{ number: string; status: string }>(
        `/invoicing/invoices/${draftId}`,
      );
      expect(issued.status).toBe('issued');
      expect(await page.getByTestId('invoice-title').textContent()).toContain(issued.number);
      const credit = page.getByTestId('credit-form');
      await credit.getByLabel('Amount').fill('40.00');
      await credit.getByLabel('Reason').selectOption('goodwill');
      await page.getByRole('button', { name: 'Issue the credit note' }).click();
      await page.getByTestId('credit-notes').waitFor();
      const credited = await managerApi.get<{ amountOpen: string; creditNotes: unknown[] }>(
        `/invoicing/invoices/${draftId}`,
      );
      expect(credited).toMatchObject({
        amountOpen: '200.00',
        creditNotes: [expect.objectContaining({ amount: '40.00' })],
      });
      expect(await page.getByTestId('invoice-open').textContent()).toBe('200.00');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'coordinator-invoice');
    });

    it('posts a payment with a remittance, previewed before it is sent', async () => {
      await page.goto(`${env.baseUrl}/console/#/account?account=${quarter.accountId}`);
      const form = page.getByTestId('payment-form');
      const invoice = await managerApi.get<{ number: string }>(`/invoicing/invoices/${draftId}`);
      await form.getByLabel(new RegExp(`^${invoice.number}`)).waitFor();
      await form.getByLabel('Amount (USD)').fill('240.00');
      await form.getByLabel('Bank reference').fill(`WIRE-${randomUUID().slice(0, 8)}`);
      await form.getByLabel('Received on').fill('2026-05-20');
      await form.getByLabel(new RegExp(`^${invoice.number}`)).fill('200.00');
      expect(await page.getByTestId('allocation-preview').textContent()).toContain(
        `200.00 to ${invoice.number}; 40.00 stays unapplied credit`,
      );
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'coordinator-payment-preview');
      await form.getByRole('button', { name: 'Post the payment' }).click();
      // Posted, or refused: a refusal's message fails the test with what the server said.
      await form.locator('[role=status]:has-text("posted"), [role=alert]').first().waitFor();
      expect(await form.getByRole('alert').allTextContents()).toEqual([]);
      await env.system.quiescent();
      const paid = await managerApi.get<{ amountOpen: string; status: string }>(
        `/invoicing/invoices/${draftId}`,
      );
      expect(paid).toMatchObject({ amountOpen: '0.00', status: 'paid' });
    });
    it("opens a dispute on an invoice's lines, and the account page shows it", async () => {
      const invoiceId = quarter.invoiceIds[2] as string;
      await page.goto(
        `${env.baseUrl}/console/#/invoice?id=${invoiceId}&account=${quarter.accountId}`,
      );
      const form = page.getByTestId('dispute-form');
      await form.getByLabel(/Consulting, March/).check();
      await form.getByLabel('Dispute reason').selectOption('pricing_error');
      await form.getByLabel('What the customer said').fill('The March rate was agreed at 100.00');
      // The whole line (250.00) is more than is still open (a credit note took 20.00 off).
      await form.getByRole('button', { name: 'Open the dispute' }).click();
      await form
        .getByRole('alert')
        .getByText("must not exceed the invoice's open amount")
        .waitFor();
      await form.getByLabel('Disputed amount (optional)').fill('50.00');
      expect(await axeViolations(page)).toEqual([]);
      await form.getByRole('button', { name: 'Open the dispute' }).click();
      await form
        .locator(
          '[role=status]:has-text("Dispute"), [role=alert]:not(:has-text("must not exceed"))',
        )
        .first()
        .waitFor();
      expect(await form.getByRole('alert').allTextContents()).toEqual([]);
      await env.system.quiescent();
      const open = await managerApi.get<{ disputes: Array<{ invoiceId: string; status: string }> }>(
        `/disputes/open-disputes?billingAccountId=${quarter.accountId}`,
      );
      expect(open.disputes.map((d) => d.invoiceId)).toContain(invoiceId);
      await page.goto(`${env.baseUrl}/console/#/account?account=${quarter.accountId}`);
      const invoice = await managerApi.get<{ number: string }>(`/invoicing/invoices/${invoiceId}`);
      await page.getByTestId('account-disputes').getByText(invoice.number).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'coordinator-account-dispute');
    });
  });
  describe('the hash chain, checked in the browser', () => {
    let page: Page;

    beforeAll(async () => {
      page = await signedIn('auditor');
      await page.goto(`${env.baseUrl}/console/#/chain`);
    });

    it('recomputes every content hash and link with WebCrypto up to the sealed head', async () => {
      await env.system.quiescent();
      const head = await auditorApi.get<{ sequence: number; position: number; hash: string }>(
        '/audit/head',
      );
      await page.getByRole('button', { name: 'Check the chain' }).click();
      const result = page.getByTestId('chain-result');
      await result.waitFor();
      expect(await result.textContent()).toContain(
        'every content hash and link holds, and the chain ends at the sealed head',
      );
      expect(await result.textContent()).toContain(`${head.position}:${head.hash}`);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'chain-intact');
    });

    it('names the first event whose stored content was altered', async () => {
      const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
      const target = history.timeline.find((m) => m.type === 'InvoiceIssued') as Moment;
      // What only someone bypassing the store's append-only triggers could do.
      const db = env.system.store.backend;
      await db.query('SET session_replication_role = replica');
      try {
        // data is json on PGlite, jsonb on PostgreSQL: through jsonb and back to the column's type.
        await db.query(
          `UPDATE event_store.events SET data = (data::jsonb || '{"total":"1.00"}'::jsonb)::text::json
            WHERE global_position = $1`,
          [target.globalPosition],
        );
      } finally {
        await db.query('SET session_replication_role = origin');
      }
      await page.getByRole('button', { name: 'Check the chain' }).click();
      const result = page.getByTestId('chain-result');
      await result.getByText('The chain breaks').waitFor();
      expect(await result.textContent()).toContain(
        `global position ${target.globalPosition}, event ${target.eventId}`,
      );
      expect(await result.textContent()).toContain('the event was altered');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'chain-broken');
    });
  });
});
