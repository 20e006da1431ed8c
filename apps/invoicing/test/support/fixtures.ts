import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';

export function accountBody(overrides: Record<string, unknown> = {}) {
  return {
    legalName: 'Acme Manufacturing Inc.',
    billingContactName: 'Jane Doe',
    email: 'ap@acme.example',
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
    purchaseOrderRequired: true,
    ...overrides,
  };
}

export function lines(...amounts: string[]) {
  return amounts.map((unitPrice, i) => ({
    description: `Service ${i + 1}`,
    quantity: '1',
    unitPrice,
    taxRate: '0',
  }));
}

export async function post(
  app: INestApplication,
  token: string,
  url: string,
  body: unknown,
  key = randomUUID(),
) {
  return request(app.getHttpServer())
    .post(url)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .send(body as object);
}

export async function get(app: INestApplication, token: string, url: string) {
  return request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`);
}

/** Opens and verifies an account; returns its id. */
export async function verifiedAccount(
  app: INestApplication,
  token: string,
  overrides: Record<string, unknown> = {},
) {
  const opened = await post(app, token, '/invoicing/billing-accounts', accountBody(overrides));
  if (opened.status !== 201)
    throw new Error(`open failed ${opened.status} ${JSON.stringify(opened.body)}`);
  const id = opened.body.billingAccountId as string;
  const verified = await post(app, token, `/invoicing/billing-accounts/${id}/verification`, {});
  if (!verified.body.verified) throw new Error(`verify failed ${JSON.stringify(verified.body)}`);
  return id;
}

/** Drafts and issues an invoice; returns the issue response body. */
export async function issuedInvoice(
  app: INestApplication,
  token: string,
  accountId: string,
  unitPrices: string[],
  po = 'PO-1',
) {
  const drafted = await post(app, token, '/invoicing/invoices', {
    billingAccountId: accountId,
    currency: 'USD',
    purchaseOrderNumber: po,
    lines: lines(...unitPrices),
  });
  if (drafted.status !== 201)
    throw new Error(`draft failed ${drafted.status} ${JSON.stringify(drafted.body)}`);
  const issued = await post(app, token, `/invoicing/invoices/${drafted.body.invoiceId}/issue`, {});
  if (issued.status !== 200)
    throw new Error(`issue failed ${issued.status} ${JSON.stringify(issued.body)}`);
  return issued.body as { invoiceId: string; number: string; amountOpen: string; dueDate: string };
}

/** Polls until `check` passes, at most `timeoutMs` (cross-service effects are asynchronous). */
export async function waitFor<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
