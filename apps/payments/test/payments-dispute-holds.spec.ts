import { randomUUID } from 'node:crypto';
import { pgExecutor } from '@billing/event-store';
import { invoiceStream } from '@billing/contracts';
import { DisputesEventsProcess, InvoicingEventsProcess } from '@billing/payments-service';
import { eventually, get, post } from '@billing/service-testing';
import { disputeAccepted, disputeOpened, publishAsDisputes } from './support/disputes-events';
import { accountOpened, invoiceIssued, publishAsInvoicing } from './support/invoicing-events';
import { startPaymentsTestApp, type PaymentsTestApp } from './support/payments-test-app';

jest.setTimeout(120_000);

/**
 * Payments' view of disputed amounts when the disputes and invoicing topics arrive in either
 * order, or twice: what automatic allocation may take stays right.
 */
describe('payments holds disputed amounts on PostgreSQL', () => {
  let t: PaymentsTestApp;
  let clerk: string;

  beforeAll(async () => {
    t = await startPaymentsTestApp();
    clerk = await t.token(['billing-clerk']);
  });
  afterAll(() => t?.close());

  async function accountWithInvoice(total: string) {
    const accountId = await accountOpened(t.store);
    const invoiceId = await invoiceIssued(
      t.store,
      accountId,
      total,
      'INV-2026-000001',
      '2026-04-01',
    );
    return { accountId, invoiceId };
  }
  const openInvoice = (
    accountId: string,
    invoiceId: string,
    wanted: (i: Record<string, string>) => boolean,
  ) =>
    eventually(
      async () =>
        ((await get(t.app, clerk, `/payments/billing-accounts/${accountId}/payments`)).body
          .openInvoices ?? []) as Array<Record<string, string>>,
      (list) => list.some((i) => i['invoiceId'] === invoiceId && wanted(i)),
    ).then((list) => list.find((i) => i['invoiceId'] === invoiceId));

  /** Invoicing's credit note for the accepted part of a dispute. */
  const creditNoteFor = (
    accountId: string,
    invoiceId: string,
    disputeId: string,
    amount: string,
    amountOpen: string,
  ) =>
    publishAsInvoicing(t.store, invoiceStream(invoiceId), [
      {
        type: 'CreditNoteIssued',
        data: {
          invoiceId,
          billingAccountId: accountId,
          creditNoteId: randomUUID(),
          number: 'CN-2026-000001',
          currency: 'USD',
          amount,
          netAmount: amount,
          taxAmount: '0.00',
          reason: 'dispute',
          disputeId,
          issueDate: '2026-03-06',
          amountOpen,
          status: 'issued',
        },
      },
    ]);

  it('keeps the accepted part of a dispute out of automatic allocation until its credit note, even when the acceptance is delivered again', async () => {
    const { accountId, invoiceId } = await accountWithInvoice('1000.00');
    const disputeId = randomUUID();
    await publishAsDisputes(t.store, disputeId, [
      disputeOpened(accountId, invoiceId, disputeId, '300.00'),
      disputeAccepted(accountId, invoiceId, disputeId, '100.00', '200.00'),
    ]);
    expect(
      await openInvoice(accountId, invoiceId, (i) => i['amountHeld'] === '100.00'),
    ).toMatchObject({
      amountOpen: '1000.00',
      amountHeld: '100.00',
    });

    // The acceptance again (a redelivery) must not release the accepted part as well.
    const accepted = (await t.allEvents()).find(
      (e) => e.type === 'DisputeAccepted' && e.streamId.endsWith(disputeId),
    )!;
    await t.app.get(DisputesEventsProcess, { strict: false }).handle(accepted, pgExecutor(t.pool));
    expect(await openInvoice(accountId, invoiceId, () => true)).toMatchObject({
      amountHeld: '100.00',
    });

    const paid = await post(t.app, clerk, '/payments/payments', {
      billingAccountId: accountId,
      amount: '1000.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `REF-${randomUUID()}`,
      receivedDate: '2026-03-07',
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      allocations: [expect.objectContaining({ invoiceId, amount: '900.00' })],
      unapplied: '100.00',
    });

    // The credit note lowers the open amount by the accepted 100.00: nothing is held any more.
    await creditNoteFor(accountId, invoiceId, disputeId, '100.00', '900.00');
    expect(
      await openInvoice(accountId, invoiceId, (i) => i['amountOpen'] === '900.00'),
    ).toMatchObject({
      amountHeld: '0.00',
    });
  });

  it('holds nothing when the credit note for a dispute arrives before payments hears of the dispute', async () => {
    const { accountId, invoiceId } = await accountWithInvoice('500.00');
    const disputeId = randomUUID();
    await creditNoteFor(accountId, invoiceId, disputeId, '200.00', '300.00');
    await openInvoice(accountId, invoiceId, (i) => i['amountOpen'] === '300.00');
    await publishAsDisputes(t.store, disputeId, [
      disputeOpened(accountId, invoiceId, disputeId, '200.00'),
      disputeAccepted(accountId, invoiceId, disputeId, '200.00', '0.00'),
    ]);
    // A later dispute on the same invoice is the marker that the late events were handled.
    const laterId = randomUUID();
    await publishAsDisputes(t.store, laterId, [
      disputeOpened(accountId, invoiceId, laterId, '50.00'),
    ]);
    expect(
      await openInvoice(accountId, invoiceId, (i) => i['amountHeld'] !== '0.00'),
    ).toMatchObject({
      amountOpen: '300.00',
      amountHeld: '50.00',
    });
  });

  /** Invoicing refusing the credit note for an accepted dispute because nothing was open. */
  const creditRejectedFor = (
    accountId: string,
    invoiceId: string,
    disputeId: string,
    amount: string,
  ) =>
    publishAsInvoicing(t.store, invoiceStream(invoiceId), [
      {
        type: 'InvoiceAdjustmentRejected',
        data: {
          invoiceId,
          billingAccountId: accountId,
          source: 'dispute',
          disputeId,
          currency: 'USD',
          amountRequested: amount,
          amountRejected: amount,
          reason: 'invoice_not_open',
          message: 'The invoice is paid; nothing is open to credit.',
          amountOpen: '0.00',
          rejectedAt: '2026-03-06T09:00:00.000Z',
        },
      },
    ]);
  /** A remittance paying the whole invoice, disputed part included, and invoicing applying it. */
  const paidInFull = async (accountId: string, invoiceId: string) => {
    const paid = await post(t.app, clerk, '/payments/payments', {
      billingAccountId: accountId,
      amount: '1000.00',
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: `REF-${randomUUID()}`,
      receivedDate: '2026-03-05',
      remittance: [{ invoiceId, amount: '1000.00' }],
    });
    expect(paid.status).toBe(201);
    const [allocation] = paid.body.allocations as Array<{ allocationId: string }>;
    const paymentId = paid.body.paymentId as string;
    const allocationId = allocation!.allocationId;
    await publishAsInvoicing(t.store, invoiceStream(invoiceId), [
      {
        type: 'PaymentAllocationApplied',
        data: {
          invoiceId,
          billingAccountId: accountId,
          paymentId,
          allocationId,
          currency: 'USD',
          amountApplied: '1000.00',
          amountOpen: '0.00',
          status: 'paid',
        },
      },
    ]);
    return { paymentId, allocationId };
  };
  const bounced = (
    accountId: string,
    invoiceId: string,
    { paymentId, allocationId }: { paymentId: string; allocationId: string },
  ) =>
    publishAsInvoicing(t.store, invoiceStream(invoiceId), [
      {
        type: 'PaymentAllocationReversed',
        data: {
          invoiceId,
          billingAccountId: accountId,
          paymentId,
          allocationId,
          currency: 'USD',
          amountReversed: '1000.00',
          amountOpen: '1000.00',
          status: 'issued',
          reason: 'payment_reversed',
        },
      },
    ]);

  it('holds nothing for an accepted dispute whose credit note invoicing refused, when the invoice opens again', async () => {
    const { accountId, invoiceId } = await accountWithInvoice('1000.00');
    const disputeId = randomUUID();
    await publishAsDisputes(t.store, disputeId, [
      disputeOpened(accountId, invoiceId, disputeId, '300.00'),
    ]);
    await openInvoice(accountId, invoiceId, (i) => i['amountHeld'] === '300.00');
    // Paid in full while disputed; the acceptance then has nothing open to credit.
    const allocation = await paidInFull(accountId, invoiceId);
    await eventually(
      async () =>
        ((await get(t.app, clerk, `/payments/billing-accounts/${accountId}/payments`)).body
          .openInvoices ?? []) as Array<Record<string, string>>,
      (list) => !list.some((i) => i['invoiceId'] === invoiceId),
    );
    await publishAsDisputes(t.store, disputeId, [
      disputeAccepted(accountId, invoiceId, disputeId, '100.00', '200.00'),
    ]);
    await creditRejectedFor(accountId, invoiceId, disputeId, '100.00');
    // Delivered again: still nothing held.
    const rejected = (await t.allEvents()).find(
      (e) => e.type === 'InvoiceAdjustmentRejected' && e.streamId.endsWith(invoiceId),
    )!;
    await t.app.get(InvoicingEventsProcess, { strict: false }).handle(rejected, pgExecutor(t.pool));
    // The payment bounces: the whole invoice is open again and none of it is held.
    await bounced(accountId, invoiceId, allocation);
    expect(
      await openInvoice(accountId, invoiceId, (i) => i['amountOpen'] === '1000.00'),
    ).toMatchObject({ amountHeld: '0.00' });
  });

  it('holds nothing when the refusal of the credit note arrives before payments hears of the dispute', async () => {
    const { accountId, invoiceId } = await accountWithInvoice('1000.00');
    const disputeId = randomUUID();
    await creditRejectedFor(accountId, invoiceId, disputeId, '100.00');
    // Invoicing's next event on the invoice marks the refusal as handled (one stream, in order).
    await publishAsInvoicing(t.store, invoiceStream(invoiceId), [
      {
        type: 'CreditNoteIssued',
        data: {
          invoiceId,
          billingAccountId: accountId,
          creditNoteId: randomUUID(),
          number: 'CN-2026-000002',
          currency: 'USD',
          amount: '100.00',
          netAmount: '100.00',
          taxAmount: '0.00',
          reason: 'goodwill',
          issueDate: '2026-03-06',
          amountOpen: '900.00',
          status: 'issued',
        },
      },
    ]);
    await openInvoice(accountId, invoiceId, (i) => i['amountOpen'] === '900.00');
    await publishAsDisputes(t.store, disputeId, [
      disputeOpened(accountId, invoiceId, disputeId, '300.00'),
      disputeAccepted(accountId, invoiceId, disputeId, '100.00', '200.00'),
    ]);
    // A later dispute on the same invoice is the marker that the late events were handled.
    const laterId = randomUUID();
    await publishAsDisputes(t.store, laterId, [
      disputeOpened(accountId, invoiceId, laterId, '50.00'),
    ]);
    expect(
      await openInvoice(accountId, invoiceId, (i) => i['amountHeld'] !== '0.00'),
    ).toMatchObject({ amountOpen: '900.00', amountHeld: '50.00' });
  });
});
