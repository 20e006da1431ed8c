import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Decimal from 'decimal.js';
import type { Download, Page } from 'playwright-core';
import type { ApiClient } from './console-api';

export interface Moment {
  eventId: string;
  globalPosition: number;
  occurredAt: string;
  type: string;
}
export interface Replay {
  balances: Array<{ currency: string; balanceDue: string; openReceivable: string }>;
  timeline: Moment[];
}
interface Aging {
  accounts: Array<{ currency: string; buckets: Record<string, string> }>;
}

export const buckets = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'];

/**
 * The figures on screen against the API's own answers for the same moment: the replayed balance
 * and open receivable, and every aging bucket at `date` as known at the moment's position.
 */
export async function expectFiguresEqualApi(
  page: Page,
  api: ApiClient,
  accountId: string,
  moment: Moment,
  date: string,
) {
  const asOf = moment.globalPosition;
  const replay = await api.get<Replay>(`/ledger/accounts/${accountId}/replay?asOf=${asOf}`);
  const aging = await api.get<Aging>(
    `/ledger/accounts/${accountId}/aging?date=${date}&asOf=${asOf}`,
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

/** The events listed for a clicked figure add up to it, and the page says so. */
export async function expectEvidenceSumsTo(page: Page, figure: string) {
  const panel = page.getByTestId('evidence');
  // The panel for this figure (the one before it may still be on screen while the view reloads).
  await page
    .getByTestId('evidence-check')
    .filter({ hasText: `= ${figure}.` })
    .waitFor();
  const amounts = await panel.getByTestId('evidence-amount').allTextContents();
  expect(amounts.length).toBeGreaterThan(0);
  const sum = amounts.reduce((s, a) => s.plus(a), new Decimal(0));
  expect(sum.equals(new Decimal(figure))).toBe(true);
  const shown = (await panel.getByTestId('evidence-sum').textContent()) ?? 'NaN';
  expect(new Decimal(shown).equals(sum)).toBe(true);
  expect(await panel.getByTestId('evidence-row').count()).toBe(amounts.length);
}

/**
 * The shown events exported as CSV with a manifest: the manifest names the view, counts the rows
 * and carries the SHA-256 of the very file downloaded, and the chain head when it was made.
 */
export async function expectEvidenceExport(page: Page, figure: string) {
  const downloads: Download[] = [];
  const onDownload = (d: Download) => downloads.push(d);
  page.on('download', onDownload);
  await page.getByRole('button', { name: 'Export CSV with manifest' }).click();
  for (let i = 0; i < 100 && downloads.length < 2; i++) await page.waitForTimeout(50);
  page.off('download', onDownload);
  const [csv, manifest] = downloads as [Download, Download];
  const csvBytes = fs.readFileSync(await csv.path());
  const meta = JSON.parse(fs.readFileSync(await manifest.path(), 'utf8'));
  const shownRows = await page.getByTestId('evidence-row').count();
  expect(meta).toMatchObject({ file: csv.suggestedFilename(), rows: shownRows });
  expect(meta.view).toMatchObject({ figure });
  expect(meta.sha256).toBe(createHash('sha256').update(csvBytes).digest('hex'));
  expect(meta.chainHead).toMatch(/^\d+:[0-9a-f]{64}$/);
  const records = csvBytes.toString('utf8').split('\r\n').filter(Boolean);
  expect(records[0]).toBe(
    '"globalPosition","eventId","type","document","businessDate","recordedAt","actor","correlationId","reference","amount"',
  );
  expect(records).toHaveLength(shownRows + 1);
}
