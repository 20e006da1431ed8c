import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { pdfText } from '@billing/testing';
import type { Replay } from './auditor-checks';
import { axeViolations, screenshot } from './browser';
import type { ApiClient } from './console-api';
import type { Journey } from './journey';

// Printable documents: the invoice's and the statement's PDFs, produced by the server.

/** Clicks a download button and reads the PDF the browser saved. */
async function downloadedPdf(page: Page, label: string): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: label }).click(),
  ]);
  const file = await download.path();
  return fs.readFileSync(file);
}

async function expectPdfAnswer(api: ApiClient, path: string): Promise<Buffer> {
  const response = await api.raw(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await response.arrayBuffer());
}

/** It downloads an invoice's PDF from its page: the JSON view's number, total and open amount. */
export async function downloadsTheInvoicePdf(j: Journey, page: Page): Promise<void> {
  const { env, quarter, managerApi } = j;
  const id = quarter.invoiceIds[1] as string;
  const invoice = await managerApi.get<{ number: string; total: string; amountOpen: string }>(
    `/invoicing/invoices/${id}`,
  );
  await page.goto(`${env.baseUrl}/console/#/invoice?id=${id}`);
  await page.getByTestId('invoice-title').getByText(invoice.number).waitFor();
  const pdf = await downloadedPdf(page, 'Download the invoice as PDF');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain(`Invoice ${invoice.number}`);
  expect(text).toContain(`Total: ${invoice.total} USD`);
  expect(text).toContain(`Amount open: ${invoice.amountOpen} USD`);
  // The same invoice state gives the same bytes.
  const again = await expectPdfAnswer(managerApi, `/invoicing/invoices/${id}/pdf`);
  expect(again.equals(pdf)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
}

/** It refuses an unknown invoice or account as problem+json, and a caller without a token. */
export async function refusesWhatItCannotShow(j: Journey): Promise<void> {
  const { quarter, auditorApi } = j;
  const unknown = '00000000-0000-4000-8000-000000000000';
  for (const path of [
    `/invoicing/invoices/${unknown}/pdf`,
    `/ledger/accounts/${unknown}/statement/pdf?from=2026-03-01&to=2026-05-31`,
  ]) {
    const missing = await auditorApi.raw(path);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  }
  const anonymous = await auditorApi.raw(`/invoicing/invoices/${quarter.invoiceIds[0]}/pdf`, {
    anonymous: true,
  });
  expect(anonymous.status).toBe(401);
}

/** It opens the account's statement for a period and downloads its PDF: the same figures. */
export async function downloadsTheStatementPdf(j: Journey, page: Page): Promise<void> {
  const { env, quarter, auditorApi } = j;
  await env.system.quiescent();
  await page.goto(`${env.baseUrl}/console/#/account?account=${quarter.accountId}`);
  await page.getByRole('link', { name: 'Statement (print or PDF)' }).click();
  await page.getByLabel('From').fill('2026-03-01');
  await page.getByLabel('To').fill('2026-05-31');
  await page.getByRole('button', { name: 'Show the period' }).click();
  await page.waitForURL(/from=2026-03-01&to=2026-05-31/);
  const path = `/ledger/accounts/${quarter.accountId}/statement?from=2026-03-01&to=2026-05-31`;
  const api = await auditorApi.get<{
    currencies: Array<{ closingBalance: string; lines: Array<{ reference: string }> }>;
  }>(path);
  const usd = api.currencies[0];
  if (!usd) throw new Error('the statement has no USD section');
  const shown = page.locator('[data-testid=statement][data-currency=USD]');
  expect(await shown.getByTestId('closing-balance').textContent()).toBe(usd.closingBalance);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-statement');
  const text = pdfText(await downloadedPdf(page, 'Download the statement as PDF'));
  expect(text).toContain(`Closing balance: ${usd.closingBalance} USD`);
  for (const line of usd.lines) expect(text).toContain(line.reference);
  // As of a moment of the log, the statement's PDF is the same bytes each time it is asked for.
  const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
  const asOf = history.timeline.at(-1)?.globalPosition;
  const pdfPath = `${path.replace('/statement?', '/statement/pdf?')}&asOf=${asOf}`;
  const first = await expectPdfAnswer(auditorApi, pdfPath);
  expect((await expectPdfAnswer(auditorApi, pdfPath)).equals(first)).toBe(true);
}
