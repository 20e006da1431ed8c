import type { Page } from 'playwright-core';
import { axeViolations, screenshot } from './browser';
import type { Journey } from './journey';

// A billing manager corrects an issued invoice: credited in full, a corrected draft issued.

interface InvoiceRead {
  number: string | null;
  status: string;
  total: string;
  amountOpen: string | null;
  correctsInvoiceId: string | null;
  lines: Array<{ unitPrice: string }>;
  creditNotes: Array<{ amount: string; reason: string }>;
}

/** It offers the correction only for an issued invoice with nothing applied. */
export async function offersCorrectionOnlyWhenNothingApplied(
  j: Journey,
  page: Page,
): Promise<void> {
  const { env, quarter } = j;
  // The quarter's first invoice has payments applied: a credit note, not a correction.
  await page.goto(`${env.baseUrl}/console/#/invoice?id=${quarter.invoiceIds[0]}`);
  await page.getByTestId('invoice-title').waitFor();
  expect(await page.getByTestId('correction-form').count()).toBe(0);
}

/** It corrects the unit price of an issued invoice, then reviews and issues the corrected copy. */
export async function correctsAnIssuedInvoice(j: Journey, page: Page): Promise<void> {
  const { env, quarter, managerApi } = j;
  const { invoiceId } = await managerApi.post<{ invoiceId: string }>('/invoicing/invoices', {
    billingAccountId: quarter.smallAccountId,
    currency: 'USD',
    lines: [{ description: 'Parts, May', quantity: '2', unitPrice: '90.00', taxRate: '0' }],
  });
  await managerApi.post(`/invoicing/invoices/${invoiceId}/issue`, {});
  await page.goto(`${env.baseUrl}/console/#/invoice?id=${invoiceId}`);
  const form = page.getByTestId('correction-form');
  await form.getByLabel('Line 1 unit price').fill('75.00');
  await form.getByLabel('Why it is corrected').fill('Rate agreed at 75.00');
  expect(await axeViolations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Credit it and draft the correction' }).click();
  await page.waitForURL((url) => !url.hash.includes(invoiceId));
  await page.getByTestId('invoice-status').getByText('draft').waitFor();
  const correctedId = new URL(page.url().replace('#/', '')).searchParams.get('id') as string;
  const [original, corrected] = await Promise.all([
    managerApi.get<InvoiceRead>(`/invoicing/invoices/${invoiceId}`),
    managerApi.get<InvoiceRead>(`/invoicing/invoices/${correctedId}`),
  ]);
  expect(original).toMatchObject({ status: 'credited', amountOpen: '0.00' });
  expect(original.creditNotes).toEqual([
    expect.objectContaining({ amount: '180.00', reason: 'billing_error' }),
  ]);
  expect(corrected).toMatchObject({ correctsInvoiceId: invoiceId, total: '150.00' });
  expect(corrected.lines.map((l) => l.unitPrice)).toEqual(['75.00']);
  expect(await page.getByTestId('corrects').getAttribute('href')).toContain(invoiceId);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByTestId('review-findings').getByText('ready to issue').waitFor();
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await page.getByTestId('invoice-status').getByText('issued').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-corrected-invoice');
}
