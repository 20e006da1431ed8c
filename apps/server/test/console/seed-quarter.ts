import type { ManualClock } from '@billing/kernel';
import type { ApiClient } from './console-api';

export interface SeededQuarter {
  accountId: string;
  invoiceIds: string[];
  /** A second account: less overdue in amount, overdue for longer (orders differ by sort). */
  smallAccountId: string;
}

const address = {
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '62701',
  region: 'IL',
  country: 'US',
};

/**
 * A quarter of one account's activity through the HTTP API, the business clock moved between
 * steps: three invoices (March, March, April), two payments, two credit notes (one entered
 * back-dated) and a dunning run;
 * and a second account with one small invoice from March left unpaid.
 */
export async function seedQuarter(
  api: ApiClient,
  clock: ManualClock,
  settle: () => Promise<void>,
): Promise<SeededQuarter> {
  clock.set('2026-03-02T09:00:00Z');
  const accountId = await openAccount(api, 'Acme Manufacturing Inc.', '12-3456789');
  const smallAccountId = await openAccount(api, 'Small Parts LLC', '98-7654321');
  await issueInvoice(api, smallAccountId, 'Parts, February', '1', '50.00');
  const first = await issueInvoice(api, accountId, 'Consulting, February', '10', '100.00');
  clock.set('2026-03-16T09:00:00Z');
  const second = await issueInvoice(api, accountId, 'Support, March', '5', '100.00');
  await settle();
  clock.set('2026-03-20T09:00:00Z');
  await pay(api, accountId, '400.00', 'WIRE-0320', '2026-03-20');
  clock.set('2026-04-10T09:00:00Z');
  const third = await issueInvoice(api, accountId, 'Consulting, March', '2', '125.00');
  clock.set('2026-04-20T09:00:00Z');
  await api.post(`/invoicing/invoices/${second}/credit-notes`, {
    scope: 'amount',
    amount: '100.00',
    reason: 'goodwill',
    memo: 'Late delivery',
  });
  await settle();
  clock.set('2026-05-05T09:00:00Z');
  await pay(api, accountId, '600.00', 'WIRE-0505', '2026-05-05');
  await settle();
  // Back-dated: a goodwill credit agreed on 25 April, entered after the May payment.
  clock.set('2026-04-25T09:00:00Z');
  await api.post(`/invoicing/invoices/${third}/credit-notes`, {
    scope: 'amount',
    amount: '20.00',
    reason: 'goodwill',
    memo: 'Agreed by phone on 25 April',
  });
  clock.set('2026-05-20T09:00:00Z');
  await settle();
  await api.post('/collections/dunning/run', {});
  await settle();
  return { accountId, invoiceIds: [first, second, third], smallAccountId };
}

async function openAccount(api: ApiClient, legalName: string, taxId: string): Promise<string> {
  const { billingAccountId } = await api.post<{ billingAccountId: string }>(
    '/invoicing/billing-accounts',
    {
      legalName,
      billingContactName: 'Jane Doe',
      email: 'ap@example.com',
      address,
      country: 'US',
      taxId,
      currency: 'USD',
      paymentTermsDays: 30,
      purchaseOrderRequired: false,
    },
  );
  await api.post(`/invoicing/billing-accounts/${billingAccountId}/verification`, {});
  return billingAccountId;
}

async function issueInvoice(
  api: ApiClient,
  accountId: string,
  description: string,
  quantity: string,
  unitPrice: string,
): Promise<string> {
  const { invoiceId } = await api.post<{ invoiceId: string }>('/invoicing/invoices', {
    billingAccountId: accountId,
    currency: 'USD',
    lines: [{ description, quantity, unitPrice, taxRate: '0' }],
  });
  await api.post(`/invoicing/invoices/${invoiceId}/issue`, {});
  return invoiceId;
}

async function pay(
  api: ApiClient,
  accountId: string,
  amount: string,
  externalReference: string,
  receivedDate: string,
): Promise<void> {
  await api.post('/payments/payments', {
    billingAccountId: accountId,
    amount,
    currency: 'USD',
    method: 'bank_transfer',
    externalReference,
    receivedDate,
  });
}
