import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startInvoicingTestApp, type InvoicingTestApp } from './support/invoicing-test-app';
import {
  accountBody,
  get,
  issuedInvoice,
  lines,
  post,
  verifiedAccount,
  waitFor,
} from './support/fixtures';
import { publishAsPayments } from './support/payments-events';
import { PaymentAllocationsProcess } from '@billing/invoicing-service';

jest.setTimeout(120_000);

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('invoicing over HTTP on PostgreSQL', () => {
  let t: InvoicingTestApp;
  let clerk: string;
  let manager: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startInvoicingTestApp();
    clerk = await t.token(['billing-clerk']);
    manager = await t.token(['billing-manager'], 'manager-1');
    auditor = await t.token(['auditor'], 'auditor-1');
  });
  afterAll(() => t?.close());

  it('opens an account, lists every missing item at verification, then verifies it once fixed', async () => {
    const opened = await post(
      t.app,
      clerk,
      '/invoicing/billing-accounts',
      accountBody({ taxId: '123', email: 'ap@acme.example' }),
    );
    expect(opened.status).toBe(201);
    const id = opened.body.billingAccountId;
    const failed = await post(t.app, clerk, `/invoicing/billing-accounts/${id}/verification`, {});
    expect(failed.status).toBe(200);
    expect(failed.body.verified).toBe(false);
    expect(failed.body.problems.map((p: { field: string }) => p.field)).toContain('taxId');

    const ok = await verifiedAccount(t.app, clerk);
    const account = await get(t.app, auditor, `/invoicing/billing-accounts/${ok}`);
    expect(account.body).toMatchObject({ verified: true, currency: 'USD', paymentTermsDays: 30 });
  });

  it('corrects billing details and verifies them again in the same command', async () => {
    const opened = await post(
      t.app,
      clerk,
      '/invoicing/billing-accounts',
      accountBody({ taxId: '123' }),
    );
    const id = opened.body.billingAccountId as string;
    const path = `/invoicing/billing-accounts/${id}/billing-details`;

    const fixed = await post(t.app, clerk, path, {
      taxId: '98-7654321',
      address: {
        line1: '2 Oak Ave',
        city: 'Springfield',
        postalCode: '62702',
        region: 'IL',
        country: 'US',
      },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toEqual({
      billingAccountId: id,
      changed: true,
      verified: true,
      problems: [],
    });
    const account = await get(t.app, auditor, `/invoicing/billing-accounts/${id}`);
    expect(account.body).toMatchObject({
      verified: true,
      taxId: '98-7654321',
      legalName: 'Acme Manufacturing Inc.',
      address: expect.objectContaining({ line1: '2 Oak Ave' }),
    });

    // A correction that breaks the checklist leaves the account unverified, naming the problem.
    const broken = await post(t.app, clerk, path, { taxId: '1' });
    expect(broken.body).toMatchObject({ changed: true, verified: false });
    expect(broken.body.problems.map((p: { field: string }) => p.field)).toContain('taxId');
    // The same details again change nothing and append nothing.
    const before = (await t.allEvents()).length;
    const again = await post(t.app, clerk, path, { taxId: '1' });
    expect(again.body).toMatchObject({ changed: false, verified: false });
    expect((await t.allEvents()).length).toBe(before);
  });

  it('refuses a correction with a bad field, an unknown one or the currency, and appends nothing', async () => {
    const id = await verifiedAccount(t.app, clerk);
    const path = `/invoicing/billing-accounts/${id}/billing-details`;
    const before = (await t.allEvents()).length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'not-an-email' }, 'email'],
      [{ currency: 'EUR' }, 'currency'],
      [{ legalName: '   ' }, 'legalName'],
      [{ address: { line1: '1 Main St' } }, 'address.city'],
    ];
    for (const [body, field] of cases) {
      const res = await post(t.app, clerk, path, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await post(t.app, auditor, path, { taxId: '98-7654321' })).status).toBe(403);
    const unknown = await post(
      t.app,
      clerk,
      `/invoicing/billing-accounts/${randomUUID()}/billing-details`,
      { taxId: '98-7654321' },
    );
    expect(unknown.status).toBe(404);
    expect((await t.allEvents()).length).toBe(before);
    const account = await get(t.app, auditor, `/invoicing/billing-accounts/${id}`);
    expect(account.body).toMatchObject({ verified: true, email: 'ap@acme.example' });
  });

  it('flags a re-keyed invoice without a purchase order as a possible duplicate at review', async () => {
    const accountId = await verifiedAccount(t.app, clerk, { purchaseOrderRequired: false });
    const body = {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        {
          description: 'Support plan',
          quantity: '1',
          unitPrice: '300.00',
          taxRate: '0',
          servicePeriod: { from: '2026-01-01', to: '2026-01-31' },
        },
      ],
    };
    const first = await post(t.app, clerk, '/invoicing/invoices', body);
    const issued = await post(
      t.app,
      clerk,
      `/invoicing/invoices/${first.body.invoiceId}/issue`,
      {},
    );
    expect(issued.status).toBe(200);
    const again = await post(t.app, clerk, '/invoicing/invoices', body);
    const review = await post(
      t.app,
      clerk,
      `/invoicing/invoices/${again.body.invoiceId}/review`,
      {},
    );
    expect(review.body.ready).toBe(false);
    expect(review.body.problems).toEqual([
      expect.objectContaining({
        code: 'POSSIBLE_DUPLICATE',
        field: 'lines',
        message: `Invoice ${issued.body.number} bills the same lines for an overlapping service period`,
      }),
    ]);
  });

  it('drafts, reviews with every problem at once, issues with the due date from the terms, and shows the invoice', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const drafted = await post(t.app, clerk, '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      lines: [
        {
          description: 'Consulting',
          quantity: '2',
          unitPrice: '500.00',
          taxRate: '0.2',
          statedTotal: '1300.00',
        },
      ],
    });
    expect(drafted.status).toBe(201);
    const id = drafted.body.invoiceId;
    const review = await post(t.app, clerk, `/invoicing/invoices/${id}/review`, {});
    expect(review.body.ready).toBe(false);
    expect(review.body.problems.map((p: { code: string }) => p.code).sort()).toEqual([
      'PURCHASE_ORDER_REQUIRED',
      'STATED_TOTAL_MISMATCH',
    ]);
    const refused = await post(t.app, clerk, `/invoicing/invoices/${id}/issue`, {});
    expect(refused.status).toBe(422);

    const updated = await request(t.app.getHttpServer())
      .put(`/invoicing/invoices/${id}`)
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', randomUUID())
      .send({
        purchaseOrderNumber: 'PO-77',
        lines: [{ description: 'Consulting', quantity: '2', unitPrice: '500.00', taxRate: '0.2' }],
      });
    expect(updated.status).toBe(200);
    const issued = await post(t.app, clerk, `/invoicing/invoices/${id}/issue`, {});
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      status: 'issued',
      issueDate: '2026-03-02',
      dueDate: '2026-04-01',
      total: '1200.00',
      amountOpen: '1200.00',
    });
    expect(issued.body.number).toMatch(/^INV-2026-\d{6}$/);

    const shown = await get(t.app, auditor, `/invoicing/invoices/${id}`);
    expect(shown.body).toMatchObject({
      subtotal: '1000.00',
      taxTotal: '200.00',
      total: '1200.00',
      amountOpen: '1200.00',
      status: 'issued',
    });
    expect(shown.body.lines[0]).toMatchObject({ net: '1000.00', tax: '200.00', total: '1200.00' });
    expect(shown.body.history.map((h: { type: string }) => h.type)).toEqual([
      'InvoiceDrafted',
      'InvoiceReviewed',
      'InvoiceDraftUpdated',
      'InvoiceIssued',
    ]);
    const byStatus = await get(
      t.app,
      auditor,
      `/invoicing/billing-accounts/${accountId}/invoices?status=issued`,
    );
    expect(byStatus.body.invoices).toHaveLength(1);
  });

  it('flags a possible duplicate: the same purchase order for an overlapping service period', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const line = (from: string, to: string) => [
      {
        description: 'Support',
        quantity: '1',
        unitPrice: '10.00',
        taxRate: '0',
        servicePeriod: { from, to },
      },
    ];
    const first = await post(t.app, clerk, '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      purchaseOrderNumber: 'PO-D',
      lines: line('2026-02-01', '2026-02-28'),
    });
    expect(
      (await post(t.app, clerk, `/invoicing/invoices/${first.body.invoiceId}/issue`, {})).status,
    ).toBe(200);
    const second = await post(t.app, clerk, '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      purchaseOrderNumber: 'PO-D',
      lines: line('2026-02-15', '2026-03-15'),
    });
    const review = await post(
      t.app,
      clerk,
      `/invoicing/invoices/${second.body.invoiceId}/review`,
      {},
    );
    expect(review.body.problems).toEqual([
      expect.objectContaining({ code: 'POSSIBLE_DUPLICATE', field: 'purchaseOrderNumber' }),
    ]);
  });

  it('holds, changes terms, marks sent, credits lines and refuses to close an account with open invoices', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const hold = await post(
      t.app,
      manager,
      `/invoicing/billing-accounts/${accountId}/credit-hold`,
      { reason: 'overdue balance' },
    );
    expect(hold.body.onHold).toBe(true);
    const draft = await post(t.app, clerk, '/invoicing/invoices', {
      billingAccountId: accountId,
      currency: 'USD',
      purchaseOrderNumber: 'PO-H',
      lines: lines('100.00', '20.00'),
    });
    const held = await post(t.app, clerk, `/invoicing/invoices/${draft.body.invoiceId}/issue`, {});
    expect(held.status).toBe(422);
    expect(JSON.stringify(held.body.errors)).toContain('ACCOUNT_ON_CREDIT_HOLD');
    await post(t.app, manager, `/invoicing/billing-accounts/${accountId}/credit-hold/release`, {
      reason: 'paid up',
    });
    const terms = await post(
      t.app,
      manager,
      `/invoicing/billing-accounts/${accountId}/payment-terms`,
      { paymentTermsDays: 45, reason: 'renegotiated' },
    );
    expect(terms.body.paymentTermsDays).toBe(45);
    const issued = await post(
      t.app,
      clerk,
      `/invoicing/invoices/${draft.body.invoiceId}/issue`,
      {},
    );
    expect(issued.body).toMatchObject({
      issueDate: '2026-03-02',
      dueDate: '2026-04-16',
      total: '120.00',
    });
    const sent = await post(t.app, clerk, `/invoicing/invoices/${draft.body.invoiceId}/sent`, {
      channel: 'email',
      recipient: 'ap@acme.example',
    });
    expect(sent.status).toBe(200);
    const credited = await post(
      t.app,
      manager,
      `/invoicing/invoices/${draft.body.invoiceId}/credit-notes`,
      { scope: 'lines', lineIds: ['line-2'], reason: 'billing_error' },
    );
    expect(credited.body.invoice).toMatchObject({ amountOpen: '100.00' });
    const close = await post(t.app, manager, `/invoicing/billing-accounts/${accountId}/close`, {
      reason: 'customer left',
    });
    expect(close.status).toBe(409);
    const shown = await get(t.app, auditor, `/invoicing/invoices/${draft.body.invoiceId}`);
    expect(shown.body.sentAt).toBeTruthy();
    expect(shown.body.history.map((h: { type: string }) => h.type)).toEqual([
      'InvoiceDrafted',
      'InvoiceIssued',
      'InvoiceSent',
      'CreditNoteIssued',
    ]);
  });

  it('voids, credits and corrects invoices', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const a = await issuedInvoice(t.app, clerk, accountId, ['100.00']);
    const voided = await post(t.app, manager, `/invoicing/invoices/${a.invoiceId}/void`, {
      reason: 'sent by mistake',
    });
    expect(voided.body.status).toBe('voided');
    // The void's answer agrees with GET: a voided invoice owes nothing.
    expect(voided.body.amountOpen).toBe('0.00');
    expect((await get(t.app, clerk, `/invoicing/invoices/${a.invoiceId}`)).body.amountOpen).toBe(
      '0.00',
    );

    const b = await issuedInvoice(t.app, clerk, accountId, ['300.00', '200.00'], 'PO-2');
    const credit = await post(t.app, manager, `/invoicing/invoices/${b.invoiceId}/credit-notes`, {
      scope: 'amount',
      amount: '50.00',
      reason: 'goodwill',
    });
    expect(credit.status).toBe(201);
    expect(credit.body.number).toMatch(/^CN-2026-\d{6}$/);
    expect(credit.body.invoice.amountOpen).toBe('450.00');

    const c = await issuedInvoice(t.app, clerk, accountId, ['80.00'], 'PO-3');
    const corrected = await post(t.app, manager, `/invoicing/invoices/${c.invoiceId}/correction`, {
      purchaseOrderNumber: 'PO-3',
      lines: lines('70.00'),
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.original).toMatchObject({ status: 'credited', amountOpen: '0.00' });
    expect(corrected.body.corrected).toMatchObject({
      status: 'draft',
      total: '70.00',
      correctsInvoiceId: c.invoiceId,
    });
  });

  it("applies payments' allocations, rejects what it cannot take, and reverses them when the payment bounces", async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const open = await issuedInvoice(t.app, clerk, accountId, ['100.00'], 'PO-A1');
    const voided = await issuedInvoice(t.app, clerk, accountId, ['40.00'], 'PO-A2');
    await post(t.app, manager, `/invoicing/invoices/${voided.invoiceId}/void`, {
      reason: 'wrong customer',
    });
    const paymentId = randomUUID();
    const allocations = [
      { allocationId: randomUUID(), invoiceId: open.invoiceId, amount: '60.00' },
      { allocationId: randomUUID(), invoiceId: voided.invoiceId, amount: '40.00' },
      { allocationId: randomUUID(), invoiceId: open.invoiceId, amount: '50.00' },
    ];
    await publishAsPayments(t.store, paymentId, [
      {
        type: 'PaymentAllocated',
        data: {
          paymentId,
          billingAccountId: accountId,
          currency: 'USD',
          mode: 'automatic',
          allocations,
          unappliedAfter: '0.00',
          allocatedAt: '2026-03-03T10:00:00.000Z',
        },
      },
    ]);
    const history = await waitFor(
      async () => (await get(t.app, clerk, `/invoicing/invoices/${open.invoiceId}`)).body,
      (b) => b.history.length >= 4,
    );
    expect(history).toMatchObject({ status: 'partially_paid', amountOpen: '40.00' });
    const rejected = (await t.allEvents()).filter((e) => e.type === 'PaymentAllocationRejected');
    expect(rejected.map((e) => (e.data as { reason: string }).reason).sort()).toEqual([
      'invoice_not_open',
      'over_application',
    ]);

    await publishAsPayments(t.store, paymentId, [
      {
        type: 'PaymentReversed',
        data: {
          paymentId,
          billingAccountId: accountId,
          currency: 'USD',
          reason: 'bounced',
          allocationsToReverse: allocations,
          unappliedReleased: '0.00',
          reversedAt: '2026-03-04T10:00:00.000Z',
        },
      },
    ]);
    const reopened = await waitFor(
      async () => (await get(t.app, clerk, `/invoicing/invoices/${open.invoiceId}`)).body,
      (b) => b.amountOpen === '100.00',
    );
    expect(reopened).toMatchObject({ status: 'issued', amountOpen: '100.00' });
    expect(
      (await t.allEvents()).filter((e) => e.type === 'PaymentAllocationReversed'),
    ).toHaveLength(1);
  });

  it("cannot append to payments' stream categories: the store refuses another service's category", async () => {
    const paymentId = randomUUID();
    const accountId = randomUUID();
    await publishAsPayments(t.store, paymentId, [
      {
        type: 'PaymentReversed',
        data: {
          paymentId,
          billingAccountId: accountId,
          currency: 'USD',
          reason: 'x',
          allocationsToReverse: [],
          unappliedReleased: '0.00',
          reversedAt: '2026-03-04T10:00:00.000Z',
        },
      },
    ]);
    await expect(
      t.store.appendToStream(
        `payment-${randomUUID()}`,
        [
          {
            eventId: randomUUID(),
            type: 'PaymentReceived',
            schemaVersion: 1,
            data: {},
            metadata: {
              correlationId: 'c',
              causationId: null,
              actor: { id: 'x', roles: [] },
              service: 'invoicing',
            },
            occurredAt: '2026-03-04T10:00:00.000Z',
          },
        ],
        { expected: 'no_stream' },
      ),
    ).rejects.toMatchObject({ name: 'CategoryNotOwned' });
  });

  it('writes nothing more when a payments event is delivered again', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['90.00'], 'PO-R');
    const paymentId = randomUUID();
    await publishAsPayments(t.store, paymentId, [
      {
        type: 'PaymentAllocated',
        data: {
          paymentId,
          billingAccountId: accountId,
          currency: 'USD',
          mode: 'automatic',
          allocations: [{ allocationId: randomUUID(), invoiceId: inv.invoiceId, amount: '90.00' }],
          unappliedAfter: '0.00',
          allocatedAt: '2026-03-03T10:00:00.000Z',
        },
      },
    ]);
    await waitFor(
      async () => (await get(t.app, clerk, `/invoicing/invoices/${inv.invoiceId}`)).body,
      (b) => b.status === 'paid',
    );
    const delivered = (await t.allEvents()).find(
      (e) =>
        e.type === 'PaymentAllocated' && (e.data as { paymentId: string }).paymentId === paymentId,
    );
    const before = (await t.allEvents()).length;
    await t.app.get(PaymentAllocationsProcess, { strict: false }).handle(defined(delivered));
    expect((await t.allEvents()).length).toBe(before);
    expect((await get(t.app, clerk, `/invoicing/invoices/${inv.invoiceId}`)).body).toMatchObject({
      status: 'paid',
      amountOpen: '0.00',
    });
  });

  describe('bad input: a 4xx problem naming the field, and nothing appended', () => {
    let accountId: string;
    beforeAll(async () => {
      accountId = await verifiedAccount(t.app, clerk);
    });

    const draft = (over: Record<string, unknown>) => ({
      billingAccountId: accountId,
      currency: 'USD',
      purchaseOrderNumber: 'PO-9',
      lines: lines('10.00'),
      ...over,
    });

    async function expectRefused(
      send: () => Promise<request.Response>,
      status: number,
      field?: string,
    ) {
      const before = (await t.allEvents()).length;
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      if (field) expect(JSON.stringify(res.body.errors ?? [])).toContain(field);
      expect((await t.allEvents()).length).toBe(before);
      return res;
    }

    it.each([
      [
        'zero quantity',
        { lines: [{ description: 'x', quantity: '0', unitPrice: '1.00', taxRate: '0' }] },
        400,
        'lines[0].quantity',
      ],
      [
        'negative quantity',
        { lines: [{ description: 'x', quantity: '-1', unitPrice: '1.00', taxRate: '0' }] },
        400,
        'lines[0].quantity',
      ],
      [
        'too many decimals for USD',
        { lines: [{ description: 'x', quantity: '1', unitPrice: '1.001', taxRate: '0' }] },
        422,
        'lines[0].unitPrice',
      ],
      [
        'amount as a JSON number',
        { lines: [{ description: 'x', quantity: '1', unitPrice: 10.5, taxRate: '0' }] },
        400,
        'lines[0].unitPrice',
      ],
      ['unknown currency', { currency: 'XYZ' }, 400, 'currency'], // refused by validation now
      ["currency other than the account's", { currency: 'EUR' }, 422, 'currency'],
      ['unknown field', { discountCode: 'FREE' }, 400, 'discountCode'],
      ['missing field', { lines: undefined }, 400, 'lines'],
      ['non-UUID account id', { billingAccountId: 'acct-1' }, 400, 'billingAccountId'],
    ])('%s', async (_name, over, status, field) => {
      await expectRefused(
        () => post(t.app, clerk, '/invoicing/invoices', draft(over)),
        status,
        field,
      );
    });

    it('malformed JSON', async () => {
      await expectRefused(
        () =>
          request(t.app.getHttpServer())
            .post('/invoicing/invoices')
            .set('Authorization', `Bearer ${clerk}`)
            .set('Idempotency-Key', randomUUID())
            .set('Content-Type', 'application/json')
            .send('{"billingAccountId": '),
        400,
      );
    });

    it('a 1 MB description', async () => {
      const res = await expectRefused(
        () =>
          post(
            t.app,
            clerk,
            '/invoicing/invoices',
            draft({
              lines: [
                {
                  description: 'x'.repeat(1_000_000),
                  quantity: '1',
                  unitPrice: '1.00',
                  taxRate: '0',
                },
              ],
            }),
          ),
        400,
        'lines[0].description',
      );
      expect(res.body.type).toMatch(/validation/);
    });

    it('a non-UUID id in the path', async () => {
      await expectRefused(
        () => post(t.app, clerk, '/invoicing/invoices/not-a-uuid/issue', {}),
        400,
        'id',
      );
    });

    it('issuing to an unverified account', async () => {
      const opened = await post(t.app, clerk, '/invoicing/billing-accounts', accountBody());
      const drafted = await post(
        t.app,
        clerk,
        '/invoicing/invoices',
        draft({ billingAccountId: opened.body.billingAccountId }),
      );
      await expectRefused(
        () => post(t.app, clerk, `/invoicing/invoices/${drafted.body.invoiceId}/issue`, {}),
        422,
        'ACCOUNT_NOT_VERIFIED',
      );
    });

    it('crediting a voided invoice', async () => {
      const inv = await issuedInvoice(t.app, clerk, accountId, ['10.00'], 'PO-V');
      await post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/void`, {
        reason: 'duplicate',
      });
      await expectRefused(
        () =>
          post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
            scope: 'whole',
            reason: 'goodwill',
          }),
        409,
      );
    });

    it('a credit note with a NUL in its memo: 400 naming memo, no number taken (poison path)', async () => {
      const inv = await issuedInvoice(t.app, clerk, accountId, ['10.00'], 'PO-NUL');
      const res = await expectRefused(
        () =>
          post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
            scope: 'whole',
            reason: 'goodwill',
            memo: 'a\u0000b',
          }),
        400,
        'memo',
      );
      expect(JSON.stringify(res.body)).not.toContain('\\u0000');
      // The next credit note takes the number right after the last one anyone saw: no gap.
      const numbers = (await t.allEvents())
        .filter((e) => e.type === 'NumberAssigned' && e.streamId.startsWith('creditnoteseries-'))
        .map((e) => (e.data as { number: string }).number);
      const credited = await post(
        t.app,
        manager,
        `/invoicing/invoices/${inv.invoiceId}/credit-notes`,
        {
          scope: 'whole',
          reason: 'goodwill',
          memo: 'fine',
        },
      );
      expect(credited.status).toBe(201);
      const last = numbers.sort().at(-1);
      const next = last ? Number(last.slice(-6)) + 1 : 1;
      expect(credited.body.number).toBe(`CN-2026-${String(next).padStart(6, '0')}`);
    });

    it('a credit note citing a dispute (here one that does not exist): 422, nothing appended', async () => {
      const inv = await issuedInvoice(t.app, clerk, accountId, ['10.00'], 'PO-DSP');
      await expectRefused(
        () =>
          post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
            scope: 'whole',
            reason: 'dispute',
            disputeId: randomUUID(),
          }),
        422,
        'disputeId',
      );
    });

    it('a credit note for more than is open: 409, no number taken, nothing appended', async () => {
      const inv = await issuedInvoice(t.app, clerk, accountId, ['10.00'], 'PO-OVER');
      await expectRefused(
        () =>
          post(t.app, manager, `/invoicing/invoices/${inv.invoiceId}/credit-notes`, {
            scope: 'amount',
            amount: '10.01',
            reason: 'goodwill',
          }),
        409,
      );
    });

    it('no token: 401; auditor writing: 403; clerk changing terms: 403', async () => {
      const none = await request(t.app.getHttpServer())
        .post('/invoicing/invoices')
        .set('Idempotency-Key', randomUUID())
        .send(draft({}));
      expect(none.status).toBe(401);
      await expectRefused(() => post(t.app, auditor, '/invoicing/invoices', draft({})), 403);
      await expectRefused(
        () =>
          post(t.app, clerk, `/invoicing/billing-accounts/${accountId}/payment-terms`, {
            paymentTermsDays: 10,
            reason: 'x',
          }),
        403,
      );
    });
  });

  it('a credit note above the approval threshold waits for another billing manager, then is numbered and issued', async () => {
    const otherManager = await t.token(['billing-manager'], 'manager-2');
    const accountId = await verifiedAccount(t.app, clerk);
    const inv = await issuedInvoice(t.app, clerk, accountId, ['9000.00', '3000.00'], 'PO-BIG');
    const numbersBefore = (await t.allEvents()).filter((e) => e.type === 'NumberAssigned').length;
    const requested = await post(
      t.app,
      manager,
      `/invoicing/invoices/${inv.invoiceId}/credit-notes`,
      {
        scope: 'amount',
        amount: '10000.01',
        reason: 'goodwill',
      },
    );
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ status: 'pending_approval', number: null });
    expect(requested.body.invoice.amountOpen).toBe(inv.amountOpen);
    const approveUrl = `/invoicing/invoices/${inv.invoiceId}/credit-notes/${requested.body.creditNoteId}/approve`;
    const own = await post(t.app, manager, approveUrl, {});
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'SELF_APPROVAL_FORBIDDEN' });
    expect((await post(t.app, clerk, approveUrl, {})).status).toBe(403);
    expect((await t.allEvents()).filter((e) => e.type === 'NumberAssigned').length).toBe(
      numbersBefore,
    );
    const approved = await post(t.app, otherManager, approveUrl, {});
    expect(approved.status).toBe(200);
    expect(approved.body.number).toMatch(/^CN-2026-\d{6}$/);
    expect(approved.body.invoice.amountOpen).not.toBe(inv.amountOpen);
    const types = (await t.allEvents())
      .filter((e) => e.streamId === `invoice-${inv.invoiceId}`)
      .map((e) => e.type);
    expect(types.slice(-3)).toEqual([
      'CreditNoteRequested',
      'CreditNoteApproved',
      'CreditNoteIssued',
    ]);
    expect((await post(t.app, otherManager, approveUrl, {})).status).toBe(409);
  });

  it('numbers 50 invoices issued concurrently in one series 1..50 with no gap and no repeat', async () => {
    const accountId = await verifiedAccount(t.app, clerk);
    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(t.app, clerk, '/invoicing/invoices', {
          billingAccountId: accountId,
          currency: 'USD',
          purchaseOrderNumber: `PO-C${i}`,
          lines: lines('1.00'),
        }),
      ),
    );
    const before = (await t.allEvents()).filter((e) => e.type === 'NumberAssigned').length;
    t.clock.set('2027-01-05T10:00:00Z'); // a fresh series: INV-2027
    const issued = await Promise.all(
      drafts.map((d) => post(t.app, clerk, `/invoicing/invoices/${d.body.invoiceId}/issue`, {})),
    );
    expect(issued.map((r) => r.status)).toEqual(Array(50).fill(200));
    const sequences = issued
      .map((r) => Number((r.body.number as string).slice(-6)))
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const assigned = (await t.allEvents()).filter((e) => e.type === 'NumberAssigned').length;
    expect(assigned - before).toBe(50);
    t.clock.set('2026-03-02T09:00:00Z');
  });
});
