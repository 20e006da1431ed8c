import { randomUUID } from 'node:crypto';
import type { KnownIds } from './hostile-requests';
import { suitePersonalData } from './hostile-requests';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Real records for the suite's requests to name: an account, an invoice, a payment, ... */
export async function createKnownRecords(
  baseUrlOf: (service: string) => string,
  token: string,
  otherToken: string,
): Promise<KnownIds> {
  const call = async (method: string, url: string, body?: object, as = token): Promise<Json> => {
    const service = url.split('/')[1] ?? '';
    const response = await fetch(`${baseUrlOf(service)}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        'idempotency-key': randomUUID(),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json().catch(() => ({}))) as Json;
    return { status: response.status, body: json };
  };
  const until = async (what: string, probe: () => Promise<Json>, ok: (r: Json) => boolean) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const result = await probe();
      if (ok(result)) return result;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Set-up: ${what} did not happen`);
  };
  const must = (what: string, result: Json, status: number) => {
    if (result['status'] !== status)
      throw new Error(
        `Set-up: ${what} answered ${result['status']}: ${JSON.stringify(result['body'])}`,
      );
    return result['body'] as Json;
  };

  const account = must(
    'open account',
    await call('POST', '/invoicing/billing-accounts', {
      legalName: suitePersonalData.legalName,
      billingContactName: 'Suite Contact',
      email: suitePersonalData.email,
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
      purchaseOrderRequired: false,
    }),
    201,
  )['billingAccountId'] as string;
  must(
    'verify',
    await call('POST', `/invoicing/billing-accounts/${account}/verification`, {}),
    200,
  );
  const draft = must(
    'draft',
    await call('POST', '/invoicing/invoices', {
      billingAccountId: account,
      currency: 'USD',
      lines: [{ description: 'Consulting', quantity: '10', unitPrice: '120.00', taxRate: '0' }],
    }),
    201,
  );
  const invoice = draft['invoiceId'] as string;
  const issued = must('issue', await call('POST', `/invoicing/invoices/${invoice}/issue`, {}), 200);
  const line = (issued['lines'] as Json[])[0]?.['lineId'] as string;
  await until(
    'payments to learn the invoice',
    () => call('GET', `/payments/billing-accounts/${account}/payments`),
    (r) => r['body']?.openInvoices?.length === 1,
  );
  const payment = must(
    'payment',
    await call('POST', '/payments/payments', {
      billingAccountId: account,
      amount: '100.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `WIRE-${randomUUID().slice(0, 8)}`,
      receivedDate: '2026-03-02',
    }),
    201,
  )['paymentId'] as string;
  const dispute = (
    await until(
      'disputes to learn the invoice',
      () =>
        call('POST', '/disputes/disputes', {
          invoiceId: invoice,
          scope: 'amount',
          amount: '50.00',
          currency: 'USD',
          reasonCategory: 'pricing_error',
          customerStatement: 'The rate was not the agreed one',
        }),
      (r) => r['status'] === 201,
    )
  )['body']['disputeId'] as string;
  const writeOff = (
    await until(
      'collections to track the invoice',
      () =>
        call(
          'POST',
          `/collections/billing-accounts/${account}/write-offs`,
          {
            amount: '300.00',
            invoices: [{ invoiceId: invoice, amount: '300.00' }],
            reason: 'Set-up of the hostile suite',
          },
          otherToken,
        ),
      (r) => r['status'] === 201,
    )
  )['body']['writeOffId'] as string;
  return { account, invoice, line, payment, dispute, writeOff, plan: randomUUID() };
}
