import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { axeViolations, screenshot } from './browser';
import type { Journey } from './journey';

// A billing manager's steps: the worklist, an invoice reviewed, issued and credited, a payment posted, a dispute opened.

/** It works the worklist, most urgent first, with its filters and sort in the URL. */
export async function worksTheWorklist(j: Journey, page: Page): Promise<void> {
  const { quarter, managerApi } = j;
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
}

/** It reviews, issues and credits an invoice through the HTTP commands. */
export async function reviewsIssuesAndCredits(
  j: Journey,
  page: Page,
  draftId: string,
): Promise<void> {
  const { env, quarter, managerApi } = j;
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
}

/** It posts a payment with a remittance, previewed before it is sent. */
export async function postsAPayment(j: Journey, page: Page, draftId: string): Promise<void> {
  const { env, quarter, managerApi } = j;
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
}

/** It opens a dispute on an invoice's lines, and the account page shows it. */
export async function opensADispute(j: Journey, page: Page): Promise<void> {
  const { env, quarter, managerApi } = j;
  const invoiceId = quarter.invoiceIds[2] as string;
  await page.goto(`${env.baseUrl}/console/#/invoice?id=${invoiceId}&account=${quarter.accountId}`);
  const form = page.getByTestId('dispute-form');
  await form.getByLabel(/Consulting, March/).check();
  await form.getByLabel('Dispute reason').selectOption('pricing_error');
  await form.getByLabel('What the customer said').fill('The March rate was agreed at 100.00');
  // The whole line (250.00) is more than is still open (a credit note took 20.00 off).
  await form.getByRole('button', { name: 'Open the dispute' }).click();
  await form.getByRole('alert').getByText("must not exceed the invoice's open amount").waitFor();
  await form.getByLabel('Disputed amount (optional)').fill('50.00');
  expect(await axeViolations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Open the dispute' }).click();
  await form
    .locator('[role=status]:has-text("Dispute"), [role=alert]:not(:has-text("must not exceed"))')
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
}
