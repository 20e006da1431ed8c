import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@billing/event-store';
import {
  DisputeCreditsProcess,
  PaymentAllocationsProcess,
  WriteOffsProcess,
} from '@billing/invoicing-service';
import { startInvoicingTestApp, type InvoicingTestApp } from './support/invoicing-test-app';
import { get, issuedInvoice, post, verifiedAccount, waitFor } from './support/fixtures';
import { publishAsPayments } from './support/payments-events';
import {
  disputeAccepted,
  publishAsCollections,
  publishAsDisputes,
  writeOffApproved,
} from './support/collections-disputes-events';

jest.setTimeout(120_000);

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe("invoicing applies collections' write-offs, disputes' credits and payments' chargebacks", () => {
  let t: InvoicingTestApp;
  let clerk: string;
  let manager: string;

  beforeAll(async () => {
    t = await startInvoicingTestApp();
    clerk = await t.token(['billing-clerk']);
    manager = await t.token(['billing-manager'], 'manager-1');
  });
  afterAll(() => t?.close());

  const invoice = async (id: string) => (await get(t.app, clerk, `/invoicing/invoices/${id}`)).body;
  const eventOf = async (type: string, match: (data: Record<string, unknown>) => boolean) =>
    defined(
      (await t.allEvents()).find(
        (e) => e.type === type && match(e.data as Record<string, unknown>),
      ),
    );
  /** Hands an event to a process again, as a redelivery would, and counts what it appended. */
  async function redeliver(
    process: { handle(event: RecordedEvent): Promise<void> },
    event: RecordedEvent,
  ): Promise<number> {
    const before = (await t.allEvents()).length;
    await process.handle(event);
    return (await t.allEvents()).length - before;
  }

  async function paid(accountId: string, invoiceId: string, amount: string) {
    const paymentId = randomUUID();
    const allocationId = randomUUID();
    await publishAsPayments(t.store, paymentId, [
      {
        type: 'PaymentAllocated',
        data: {
          paymentId,
          billingAccountId: accountId,
          currency: 'USD',
          mode: 'automatic',
          allocations: [{ allocationId, invoiceId, amount }],
          unappliedAfter: '0.00',
          allocatedAt: '2026-04-01T10:00:00.000Z',
        },
      },
    ]);
    await waitFor(
      () => invoice(invoiceId),
      (b) => b.history.some((h: { type: string }) => h.type === 'PaymentAllocationApplied'),
    );
    return { paymentId, allocationId };
  }

  it('applies an approved write-off to each of its invoices: the open amounts drop and the invoices show it, once', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const first = await issuedInvoice(t.app, clerk, accountId, ['1000.00'], 'PO-W1');
    const second = await issuedInvoice(t.app, clerk, accountId, ['80.00'], 'PO-W2');
    const writeOffId = randomUUID();
    await publishAsCollections(t.store, writeOffId, [
      writeOffApproved(accountId, writeOffId, [
        { invoiceId: first.invoiceId, amount: '500.00' },
        { invoiceId: second.invoiceId, amount: '80.00' },
      ]),
    ]);

    const one = await waitFor(
      () => invoice(first.invoiceId),
      (b) => b.amountOpen === '500.00',
    );
    expect(one).toMatchObject({
      status: 'issued',
      amountOpen: '500.00',
      writeOffs: [
        {
          writeOffId,
          amount: '500.00',
          reason: 'Customer insolvent, no assets',
          writtenOffAt: '2026-04-10T10:00:00.000Z',
        },
      ],
      rejectedAdjustments: [],
    });
    expect(one.history.at(-1)).toMatchObject({
      type: 'InvoiceWrittenOff',
      actorId: 'invoicing-service',
    });
    const two = await waitFor(
      () => invoice(second.invoiceId),
      (b) => b.status === 'written_off',
    );
    expect(two).toMatchObject({ status: 'written_off', amountOpen: '0.00' });

    const approval = await eventOf('WriteOffApproved', (d) => d['writeOffId'] === writeOffId);
    expect(await redeliver(t.app.get(WriteOffsProcess, { strict: false }), approval)).toBe(0);
    expect(await invoice(first.invoiceId)).toMatchObject({ amountOpen: '500.00' });
  });

  it('writes off only what is still open when a payment raced the write-off, and shows the rest as rejected', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['300.00'], 'PO-W3');
    await paid(accountId, inv.invoiceId, '200.00');
    const writeOffId = randomUUID();
    await publishAsCollections(t.store, writeOffId, [
      writeOffApproved(accountId, writeOffId, [{ invoiceId: inv.invoiceId, amount: '250.00' }]),
    ]);
    const after = await waitFor(
      () => invoice(inv.invoiceId),
      (b) => b.rejectedAdjustments?.length === 1,
    );
    expect(after).toMatchObject({
      status: 'written_off',
      amountOpen: '0.00',
      writeOffs: [{ writeOffId, amount: '100.00' }],
      rejectedAdjustments: [
        {
          source: 'write_off',
          writeOffId,
          disputeId: null,
          amountRequested: '250.00',
          amountRejected: '150.00',
          reason: 'exceeds_open_amount',
          message: 'Only 100.00 of the write-off 250.00 was open',
        },
      ],
    });
  });

  it('records a write-off of an invoice it does not know as rejected, so nothing is lost', async () => {
    const accountId = randomUUID();
    const unknownInvoiceId = randomUUID();
    const writeOffId = randomUUID();
    await publishAsCollections(t.store, writeOffId, [
      writeOffApproved(accountId, writeOffId, [{ invoiceId: unknownInvoiceId, amount: '10.00' }]),
    ]);
    const rejected = await waitFor(
      async () =>
        (await t.allEvents()).find(
          (e) =>
            e.type === 'InvoiceAdjustmentRejected' &&
            (e.data as { writeOffId?: string }).writeOffId === writeOffId,
        ),
      (e) => e !== undefined,
    );
    expect(rejected).toMatchObject({
      streamId: `invoice-${unknownInvoiceId}`,
      data: {
        invoiceId: unknownInvoiceId,
        billingAccountId: accountId,
        reason: 'invoice_not_issued',
        amountRejected: '10.00',
      },
    });
  });

  it('issues a credit note for an accepted dispute from the credit note series, referencing the dispute, once', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['1000.00'], 'PO-D1');
    const before = await post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
      scope: 'amount',
      amount: '10.00',
      reason: 'goodwill',
    });
    expect(before.status).toBe(201);
    const sequenceBefore = Number(String(before.body.number).slice(-6));

    const disputeId = randomUUID();
    await publishAsDisputes(t.store, disputeId, [
      disputeAccepted(accountId, disputeId, inv.invoiceId, '150.00', '50.00'),
    ]);
    const credited = await waitFor(
      () => invoice(inv.invoiceId),
      (b) => b.creditNotes?.length === 2,
    );
    const [, disputeNote] = credited.creditNotes;
    expect(credited).toMatchObject({ status: 'issued', amountOpen: '840.00' });
    expect(disputeNote).toEqual({
      creditNoteId: expect.any(String),
      number: `CN-2026-${String(sequenceBefore + 1).padStart(6, '0')}`,
      issueDate: '2026-04-12',
      amount: '150.00',
      netAmount: '150.00',
      taxAmount: '0.00',
      reason: 'dispute',
      disputeId,
      memo: null,
    });

    const acceptance = await eventOf('DisputeAccepted', (d) => d['disputeId'] === disputeId);
    const process = t.app.get(DisputeCreditsProcess, { strict: false });
    expect(await redeliver(process, acceptance)).toBe(0);

    // The next credit note takes the very next number: the dispute's took one, no more. It is
    // issued on the day of the acceptance or later: the series numbers in date order.
    t.clock.set('2026-04-12T11:00:00Z');
    const after = await post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
      scope: 'amount',
      amount: '5.00',
      reason: 'goodwill',
    });
    expect(after.body.number).toBe(`CN-2026-${String(sequenceBefore + 2).padStart(6, '0')}`);
  });

  it("dates a dispute's credit note handled late on the series' last date rather than refusing it", async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['300.00'], 'PO-D3');
    // A manual credit note on April 20th; the dispute was accepted on April 12th and is handled now.
    t.clock.set('2026-04-20T09:00:00Z');
    const manual = await post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
      scope: 'amount',
      amount: '10.00',
      reason: 'goodwill',
    });
    expect(manual.status).toBe(201);
    const disputeId = randomUUID();
    await publishAsDisputes(t.store, disputeId, [
      disputeAccepted(accountId, disputeId, inv.invoiceId, '50.00'),
    ]);
    const credited = await waitFor(
      () => invoice(inv.invoiceId),
      (b) => b.creditNotes?.length === 2,
    );
    expect(credited.creditNotes[1]).toMatchObject({ disputeId, issueDate: '2026-04-20' });
    expect(Number(String(credited.creditNotes[1].number).slice(-6))).toBe(
      Number(String(manual.body.number).slice(-6)) + 1,
    );
  });

  it('records the credit of a dispute on a paid invoice as rejected, taking no credit note number', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['60.00'], 'PO-D2');
    await paid(accountId, inv.invoiceId, '60.00');
    const numbersBefore = (await t.allEvents()).filter((e) => e.type === 'NumberAssigned').length;
    const disputeId = randomUUID();
    await publishAsDisputes(t.store, disputeId, [
      disputeAccepted(accountId, disputeId, inv.invoiceId, '20.00'),
    ]);
    const after = await waitFor(
      () => invoice(inv.invoiceId),
      (b) => b.rejectedAdjustments?.length === 1,
    );
    expect(after).toMatchObject({
      status: 'paid',
      amountOpen: '0.00',
      creditNotes: [],
      rejectedAdjustments: [
        {
          source: 'dispute',
          disputeId,
          amountRequested: '20.00',
          amountRejected: '20.00',
          reason: 'invoice_not_open',
          message: 'The invoice is paid',
        },
      ],
    });
    expect((await t.allEvents()).filter((e) => e.type === 'NumberAssigned')).toHaveLength(
      numbersBefore,
    );
  });

  it("reopens an invoice by a chargeback's amount and opens nothing twice on redelivery", async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['400.00'], 'PO-C1');
    const { paymentId, allocationId } = await paid(accountId, inv.invoiceId, '400.00');
    expect(await invoice(inv.invoiceId)).toMatchObject({ status: 'paid', amountOpen: '0.00' });
    const chargebackId = randomUUID();
    await publishAsPayments(t.store, paymentId, [
      {
        type: 'ChargebackReceived',
        data: {
          billingAccountId: accountId,
          paymentId,
          chargebackId,
          chargebackReference: 'VISA-CB-0042',
          invoiceId: inv.invoiceId,
          amount: '120.00',
          currency: 'USD',
          reasonCode: '13.3',
          reasonDescription: 'Not as described',
          receivedAt: '2026-04-05T10:00:00.000Z',
        },
      },
    ]);
    const reopened = await waitFor(
      () => invoice(inv.invoiceId),
      (b) => b.amountOpen === '120.00',
    );
    expect(reopened).toMatchObject({ status: 'partially_paid', amountOpen: '120.00' });
    expect(reopened.history.at(-1)).toMatchObject({
      type: 'PaymentAllocationReversed',
      details: {
        paymentId,
        allocationId,
        amountReversed: '120.00',
        chargebackId,
        reason: 'Chargeback VISA-CB-0042 (reason code 13.3)',
      },
    });
    const chargeback = await eventOf(
      'ChargebackReceived',
      (d) => d['chargebackId'] === chargebackId,
    );
    const process = t.app.get(PaymentAllocationsProcess, { strict: false });
    expect(await redeliver(process, chargeback)).toBe(0);
    expect(await invoice(inv.invoiceId)).toMatchObject({ amountOpen: '120.00' });
  });
});
