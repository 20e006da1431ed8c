import Decimal from 'decimal.js';
import type { Page } from 'playwright-core';
import {
  buckets,
  expectEvidenceExport,
  expectEvidenceSumsTo,
  expectFiguresEqualApi,
  type Moment,
  type Replay,
} from './auditor-checks';
import { axeViolations, screenshot } from './browser';
import type { Journey } from './journey';

// An auditor's steps at past moments: the account opened, its figures at moments of the quarter, an aging figure tied to events.

/** It signs in locally and opens the account (0 axe violations). */
export async function opensTheAccount(j: Journey, page: Page): Promise<void> {
  const { env, browser, quarter } = j;
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
}

/** It sees the server's balance and aging at five moments of the quarter. */
export async function seesFiguresAtFiveMoments(j: Journey, page: Page): Promise<void> {
  const { quarter, auditorApi } = j;
  const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
  const moments = history.timeline;
  const picks = [4, ...[0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (moments.length - 1)))];
  for (const index of picks) {
    const moment = moments[index] as Moment;
    await page.getByLabel('As of').fill(String(index));
    await page.locator(`[data-testid=figures][data-position="${moment.globalPosition}"]`).waitFor();
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
}

/** It clicks an aging figure and the open receivable through to events that add up to them. */
export async function clicksAgingThroughToEvents(j: Journey, page: Page): Promise<void> {
  const { env, quarter, auditorApi } = j;
  const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
  const moment = history.timeline.find(
    (m) => m.type === 'InvoiceIssued' && m.occurredAt.startsWith('2026-04'),
  ) as Moment;
  const date = '2026-05-15';
  // A cited view: the URL alone brings back the account, the moment and the aging date.
  await page.goto(
    `${env.baseUrl}/console/#/audit?account=${quarter.accountId}&asOf=${moment.globalPosition}&date=${date}`,
  );
  await page.locator(`[data-testid=figures][data-position="${moment.globalPosition}"]`).waitFor();
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
}
