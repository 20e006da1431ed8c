import Decimal from 'decimal.js';
import type { Page } from 'playwright-core';
import { type Moment, type Replay } from './auditor-checks';
import { axeViolations, screenshot } from './browser';
import type { Journey } from './journey';

// An auditor's steps across the log: causation trails, the two time orders, metrics drilled down, two moments compared.

/** It follows a payment's causation trail across services, and shows who viewed the account. */
export async function followsCausationTrail(j: Journey, page: Page): Promise<void> {
  const { env, quarter, auditorApi } = j;
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
}

/** It shows the account as it happened and as we knew it, the back-dated entry marked. */
export async function seesBothTimeOrders(j: Journey, page: Page): Promise<void> {
  const { env, quarter, auditorApi } = j;
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
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.globalPosition - b.globalPosition)
    .map((m) => String(m.globalPosition));
  expect(await positions()).toEqual(byBusiness);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'auditor-timeline-as-it-happened');
}

/** It drills each dashboard metric down to the invoices the server counted in it. */
export async function drillsMetricsDown(j: Journey, page: Page): Promise<void> {
  const { env, auditorApi } = j;
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
}

/** It compares two moments: the change in open receivable broken down by the events between. */
export async function comparesTwoMoments(j: Journey, page: Page): Promise<void> {
  const { env, quarter, auditorApi } = j;
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
    new Decimal((await page.getByTestId('compare-change').textContent()) ?? 'NaN').equals(change),
  ).toBe(true);
  const amounts = await compare.getByTestId('compare-row').locator('td.num').allTextContents();
  expect(amounts.reduce((s, a) => s.plus(a), new Decimal(0)).equals(change)).toBe(true);
  expect(await compare.textContent()).toContain('The events add up to the change');
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'auditor-compare');
}
