import Decimal from 'decimal.js';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot } from './browser';
import type { ApiClient } from './console-api';
import { startConsoleSystem, type ConsoleSystem } from './console-system';
import { seedQuarter, type SeededQuarter } from './seed-quarter';

jest.setTimeout(120_000);

interface Moment {
  globalPosition: number;
  occurredAt: string;
  type: string;
}
interface Aging {
  accounts: Array<{ currency: string; buckets: Record<string, string> }>;
}
interface Replay {
  balances: Array<{ currency: string; balanceDue: string; openReceivable: string }>;
  timeline: Moment[];
}

const buckets = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'];

describe('web console: an auditor scrubs an account through a quarter', () => {
  let env: ConsoleSystem;
  let browser: Browser;
  let page: Page;
  let auditorApi: ApiClient;
  let quarter: SeededQuarter;

  beforeAll(async () => {
    env = await startConsoleSystem();
    const coordinator = await env.api(['billing-manager', 'collections-agent']);
    quarter = await seedQuarter(coordinator, env.clock, () => env.system.quiescent());
    auditorApi = await env.api(['auditor']);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('signs in locally as an auditor and opens the account (0 axe violations)', async () => {
    await page.goto(`${env.baseUrl}/console/`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.getByLabel('Role').selectOption('auditor');
    await page.getByRole('button', { name: 'Sign in as this role' }).click();
    await page.getByLabel('Billing account id').fill(quarter.accountId);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('figures').waitFor();
    expect(page.url()).toContain(`account=${quarter.accountId}`);
    expect(await page.getByText('Signed in as console-auditor (auditor)').count()).toBe(1);
  });

  it("shows the server's balance and aging at five moments of the quarter", async () => {
    const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
    const moments = history.timeline;
    const picks = [2, 0.25, 0.5, 0.75, 1].map((f) =>
      f === 2 ? 4 : Math.round(f * (moments.length - 1)),
    );
    for (const index of picks) {
      const moment = moments[index] as Moment;
      await page.getByLabel('As of').fill(String(index));
      await page
        .locator(`[data-testid=figures][data-position="${moment.globalPosition}"]`)
        .waitFor();
      expect(page.url()).toContain(`asOf=${moment.globalPosition}`);
      await expectFiguresEqualApi(moment, moment.occurredAt.slice(0, 10));
    }
    await screenshot(page, 'auditor-as-of');
  });

  it('ties a clicked aging figure and the open receivable to events that add up to them', async () => {
    // A cited view: the URL alone brings back the account, the moment and the aging date.
    const moments = (await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`))
      .timeline;
    const moment = moments.find(
      (m) => m.type === 'InvoiceIssued' && m.occurredAt.startsWith('2026-04'),
    ) as Moment;
    const date = '2026-05-15';
    await page.goto(
      `${env.baseUrl}/console/#/audit?account=${quarter.accountId}&asOf=${moment.globalPosition}&date=${date}`,
    );
    await page.locator(`[data-testid=figures][data-position="${moment.globalPosition}"]`).waitFor();
    const api = await expectFiguresEqualApi(moment, date);
    const overdue = buckets.find(
      (b) => b !== 'current' && !new Decimal(api.aging[b] ?? '0').isZero(),
    ) as string;
    expect(overdue).toBeDefined();
    await page.locator(`[data-figure="bucket:USD:${overdue}"]`).click();
    await expectEvidenceSumsTo(api.aging[overdue] as string);
    expect(page.url()).toContain(`figure=bucket%3AUSD%3A${overdue}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-aging-evidence');
    await page.locator('[data-figure="open:USD"]').click();
    await expectEvidenceSumsTo(api.openReceivable);
    await screenshot(page, 'auditor-open-receivable-evidence');
  });

  async function expectFiguresEqualApi(moment: Moment, date: string) {
    const asOf = moment.globalPosition;
    const id = quarter.accountId;
    const replay = await auditorApi.get<Replay>(`/ledger/accounts/${id}/replay?asOf=${asOf}`);
    const aging = await auditorApi.get<Aging>(
      `/ledger/accounts/${id}/aging?date=${date}&asOf=${asOf}`,
    );
    const balance = replay.balances.find((b) => b.currency === 'USD');
    const agingUsd = aging.accounts.find((a) => a.currency === 'USD')?.buckets ?? {};
    if (balance) {
      expect(await page.getByTestId('balance-due-USD').textContent()).toBe(balance.balanceDue);
      expect(await page.locator('[data-figure="open:USD"]').textContent()).toBe(
        balance.openReceivable,
      );
    }
    for (const bucket of buckets.filter(() => aging.accounts.length > 0))
      expect(await page.locator(`[data-figure="bucket:USD:${bucket}"]`).textContent()).toBe(
        agingUsd[bucket],
      );
    if (agingUsd['total'])
      expect(await page.getByTestId('aging-total-USD').textContent()).toBe(agingUsd['total']);
    return { aging: agingUsd, openReceivable: balance?.openReceivable ?? '0.00' };
  }

  async function expectEvidenceSumsTo(figure: string) {
    const panel = page.getByTestId('evidence');
    await panel.waitFor();
    // The panel for this figure (the one before it may still be on screen while the view reloads).
    await page
      .getByTestId('evidence-check')
      .filter({ hasText: `= ${figure}.` })
      .waitFor();
    const amounts = await panel.getByTestId('evidence-amount').allTextContents();
    expect(amounts.length).toBeGreaterThan(0);
    const sum = amounts.reduce((s, a) => s.plus(a), new Decimal(0));
    expect(sum.equals(new Decimal(figure))).toBe(true);
    expect(
      new Decimal((await panel.getByTestId('evidence-sum').textContent()) ?? 'NaN').equals(sum),
    ).toBe(true);
    expect(await panel.getByTestId('evidence-row').count()).toBe(amounts.length);
  }
});
