import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startPaymentsTestApp, type PaymentsTestApp } from './support/payments-test-app';
import {
  accountOpened,
  invoiceIssued,
  invoiceVoided,
  publishAsInvoicing,
} from './support/invoicing-events';
import { eventually, get, post } from '@billing/service-testing';
import { pgExecutor } from '@billing/event-store';
import { InvoicingEventsProcess } from '@billing/payments-service';

jest.setTimeout(120_000);

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('payments over HTTP on PostgreSQL', () => {
  let t: PaymentsTestApp;
  let clerk: string;
  let manager: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startPaymentsTestApp();
    clerk = await t.token(['billing-clerk']);
    manager = await t.token(['billing-manager'], 'manager-1');
    auditor = await t.token(['auditor'], 'auditor-1');
  });
  afterAll(() => t?.close());

  /** An account with invoices payments has learned of from invoicing's events. */
  async function accountWithInvoices(...invoices: Array<[total: string, dueDate: string]>) {
    const accountId = await accountOpened(t.store);
    const ids: string[] = [];
    for (const [i, [total, due]] of invoices.entries())
      ids.push(
        await invoiceIssued(
          t.store,
          accountId,
          total,
          `INV-2026-${String(i + 1).padStart(6, '0')}`,
          due,
        ),
      );
    await eventually(
      () => get(t.app, clerk, `/payments/billing-accounts/${accountId}/payments`),
      (r) => r.body.openInvoices?.length === invoices.length,
    );
    // With no invoices the wait above passes at once: also wait until payments knows the account
    // (a payment to an account it has not heard of yet is refused, as it should be).
    await eventually(
      () =>
        t.pool.query('SELECT 1 FROM payments_rm.accounts WHERE billing_account_id = $1', [
          accountId,
        ]),
      (r) => r.rowCount === 1,
    );
    return { accountId, invoiceIds: ids };
  }

  const payment = (accountId: string, over: Record<string, unknown> = {}) => ({
    billingAccountId: accountId,
    amount: '100.00',
    currency: 'USD',
    method: 'bank_transfer',
    externalReference: `REF-${randomUUID()}`,
    receivedDate: '2026-03-10',
    ...over,
  });

  it('allocates oldest due first and keeps the remainder unapplied', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(
      ['300.00', '2026-04-20'],
      ['200.00', '2026-04-01'],
    );
    const res = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { amount: '450.00' }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: '450.00', pending: '450.00', unapplied: '0.00' });
    expect(
      res.body.allocations.map((a: { invoiceId: string; amount: string }) => [
        a.invoiceId,
        a.amount,
      ]),
    ).toEqual([
      [invoiceIds[1], '200.00'],
      [invoiceIds[0], '250.00'],
    ]);
    const more = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { amount: '70.00' }),
    );
    expect(more.body).toMatchObject({ unapplied: '0.00', pending: '70.00' }); // read model still says 300.00 open
  });

  it('follows remittance instructions and leaves the rest unapplied, then applies it to the next invoice issued', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(
      ['300.00', '2026-04-20'],
      ['200.00', '2026-04-01'],
    );
    const res = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, {
        amount: '500.00',
        remittance: [{ invoiceId: invoiceIds[0], amount: '300.00' }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pending: '300.00', unapplied: '200.00' });
    const later = await invoiceIssued(
      t.store,
      accountId,
      '150.00',
      'INV-2026-000099',
      '2026-05-01',
    );
    const after = await eventually(
      () => get(t.app, clerk, `/payments/payments/${res.body.paymentId}`),
      (r) => r.body.unapplied === '0.00',
    );
    expect(after.body.unapplied).toBe('0.00');
    expect(after.body.allocations.map((a: { invoiceId: string }) => a.invoiceId)).toEqual(
      expect.arrayContaining([invoiceIds[1]]),
    );
    expect(later).toBeDefined();
  });

  it('records a duplicate external reference once and answers 409 naming the original', async () => {
    const { accountId } = await accountWithInvoices();
    const first = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { externalReference: 'BANK REF 42' }),
    );
    expect(first.status).toBe(201);
    const again = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { externalReference: ' bankref42 ' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(first.body.paymentId);
    const received = (await t.allEvents()).filter(
      (e) =>
        e.type === 'PaymentReceived' &&
        (e.data as { billingAccountId: string }).billingAccountId === accountId,
    );
    expect(received).toHaveLength(1);
  });

  it('flags a repeated bank reference with a remittance as the duplicate it is, not as a bad allocation', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(['100.00', '2026-04-20']);
    const remittance = [{ invoiceId: defined(invoiceIds[0]), amount: '100.00' }];
    const first = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { externalReference: 'BANK-REF-77', remittance }),
    );
    expect(first.status).toBe(201);
    // The invoice is paid now, so the allocation alone would be refused: the duplicate comes first.
    const again = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { externalReference: 'bank-ref-77', remittance }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DUPLICATE_PAYMENT' });
    expect(again.body.detail).toContain(first.body.paymentId);
  });

  it('records one payment when the same Idempotency-Key is sent twice', async () => {
    const { accountId } = await accountWithInvoices();
    const key = randomUUID();
    const body = payment(accountId);
    const a = await post(t.app, clerk, '/payments/payments', body, key);
    const b = await post(t.app, clerk, '/payments/payments', body, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.paymentId).toBe(a.body.paymentId);
    const received = (await t.allEvents()).filter(
      (e) =>
        e.type === 'PaymentReceived' &&
        (e.data as { billingAccountId: string }).billingAccountId === accountId,
    );
    expect(received).toHaveLength(1);
  });

  it('reverses a payment, refunds unapplied credit and issues a receipt on request', async () => {
    const { accountId } = await accountWithInvoices(['50.00', '2026-04-01']);
    const paid = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { amount: '80.00' }),
    );
    expect(paid.body).toMatchObject({ pending: '50.00', unapplied: '30.00' });
    const refund = await post(t.app, manager, `/payments/payments/${paid.body.paymentId}/refunds`, {
      amount: '30.00',
      currency: 'USD',
    });
    expect(refund.status).toBe(201);
    expect(refund.body.payment).toMatchObject({ unapplied: '0.00', refunded: '30.00' });
    const receipt = await post(
      t.app,
      clerk,
      `/payments/payments/${paid.body.paymentId}/confirmation`,
      {},
    );
    expect(receipt.status).toBe(201);
    expect(receipt.body).toMatchObject({ applied: '50.00', refunded: '30.00', unapplied: '0.00' });
    const reversed = await post(
      t.app,
      manager,
      `/payments/payments/${paid.body.paymentId}/reverse`,
      { reason: 'bounced' },
    );
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({ status: 'reversed', reversed: '50.00' });
  });

  it('writes nothing more when an invoicing event is delivered again', async () => {
    const { accountId } = await accountWithInvoices(['40.00', '2026-04-01']);
    const paid = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { amount: '100.00' }),
    );
    const later = await invoiceIssued(t.store, accountId, '25.00', 'INV-2026-000077', '2026-05-01');
    await eventually(
      () => get(t.app, clerk, `/payments/payments/${paid.body.paymentId}`),
      (r) => r.body.unapplied === '35.00',
    );
    const issued = (await t.allEvents()).find(
      (e) => e.type === 'InvoiceIssued' && (e.data as { invoiceId: string }).invoiceId === later,
    );
    const before = (await t.allEvents()).length;
    await t.app
      .get(InvoicingEventsProcess, { strict: false })
      .handle(defined(issued), pgExecutor(t.pool));
    expect((await t.allEvents()).length).toBe(before);
  });

  it("follows invoicing's answers: a rejection returns the amount to unapplied credit, an application confirms and issues the receipt", async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(
      ['100.00', '2026-04-01'],
      ['50.00', '2026-04-02'],
    );
    const paid = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { amount: '150.00' }),
    );
    const [first, second] = paid.body.allocations as Array<{
      allocationId: string;
      invoiceId: string;
      amount: string;
    }>;
    const answer = (
      type: 'PaymentAllocationApplied' | 'PaymentAllocationRejected',
      a: { allocationId: string; invoiceId: string; amount: string },
    ) =>
      publishAsInvoicing(t.store, `invoice-${a.invoiceId}`, [
        type === 'PaymentAllocationApplied'
          ? {
              type,
              data: {
                invoiceId: a.invoiceId,
                billingAccountId: accountId,
                paymentId: paid.body.paymentId,
                allocationId: a.allocationId,
                currency: 'USD',
                amountApplied: a.amount,
                amountOpen: '0.00',
                status: 'paid',
              },
            }
          : {
              type,
              data: {
                invoiceId: a.invoiceId,
                billingAccountId: accountId,
                paymentId: paid.body.paymentId,
                allocationId: a.allocationId,
                currency: 'USD',
                amount: a.amount,
                reason: 'invoice_not_open',
                message: 'credited meanwhile',
                amountOpen: '0.00',
              },
            },
      ]);
    await answer('PaymentAllocationApplied', defined(first));
    await answer('PaymentAllocationRejected', defined(second));
    const settled = await eventually(
      () => get(t.app, clerk, `/payments/payments/${paid.body.paymentId}`),
      (r) => r.body.pending === '0.00',
    );
    expect(settled.body).toMatchObject({
      applied: '100.00',
      pending: '0.00',
      unapplied: '50.00',
      confirmation: null,
    });
    expect(
      settled.body.allocations.map((a: { invoiceId: string; status: string }) => [
        a.invoiceId,
        a.status,
      ]),
    ).toEqual([
      [invoiceIds[0], 'confirmed'],
      [invoiceIds[1], 'returned'],
    ]);

    const exact = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(accountId, { amount: '0.01' }),
    );
    expect(exact.body.allocations).toEqual([]); // nothing open any more: all of it stays unapplied
    const { accountId: other } = await accountWithInvoices(['30.00', '2026-04-01']);
    const full = await post(
      t.app,
      clerk,
      '/payments/payments',
      payment(other, { amount: '30.00' }),
    );
    const only = defined(
      (
        full.body.allocations as Array<{ allocationId: string; invoiceId: string; amount: string }>
      )[0],
    );
    await publishAsInvoicing(t.store, `invoice-${only.invoiceId}`, [
      {
        type: 'PaymentAllocationApplied',
        data: {
          invoiceId: only.invoiceId,
          billingAccountId: other,
          paymentId: full.body.paymentId,
          allocationId: only.allocationId,
          currency: 'USD',
          amountApplied: '30.00',
          amountOpen: '0.00',
          status: 'paid',
        },
      },
    ]);
    const receipt = await eventually(
      () => get(t.app, clerk, `/payments/payments/${full.body.paymentId}`),
      (r) => r.body.confirmation !== null,
    );
    expect(receipt.body.confirmation).toMatchObject({
      applied: '30.00',
      unapplied: '0.00',
      allocations: [
        expect.objectContaining({ invoiceNumber: 'INV-2026-000001', status: 'confirmed' }),
      ],
    });
  });

  describe('bad input: a 4xx problem naming the field, and nothing appended', () => {
    let accountId: string;
    let voidedInvoiceId: string;
    beforeAll(async () => {
      ({
        accountId,
        invoiceIds: [voidedInvoiceId],
      } = (await accountWithInvoices(['10.00', '2026-04-01'])) as {
        accountId: string;
        invoiceIds: [string];
      });
      await invoiceVoided(t.store, accountId, voidedInvoiceId);
      await eventually(
        () => get(t.app, clerk, `/payments/billing-accounts/${accountId}/payments`),
        (r) => r.body.openInvoices?.length === 0,
      );
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
      ['zero amount', { amount: '0' }, 422, 'amount'],
      ['negative amount', { amount: '-5.00' }, 400, 'amount'],
      ['too many decimals for USD', { amount: '10.005' }, 422, 'amount'],
      ['amount as a JSON number', { amount: 10.5 }, 400, 'amount'],
      ['unknown currency', { currency: 'XYZ' }, 400, 'currency'], // refused by validation now
      ["currency other than the account's", { currency: 'EUR' }, 422, 'currency'],
      ['unknown field', { tip: '1.00' }, 400, 'tip'],
      ['missing field', { externalReference: undefined }, 400, 'externalReference'],
      ['non-UUID account id', { billingAccountId: 'acct-1' }, 400, 'billingAccountId'],
      [
        'an account payments does not know (a mistyped id)',
        { billingAccountId: '00000000-0000-4000-8000-000000000000' },
        422,
        'billingAccountId',
      ],
      ['applying to a voided invoice', {}, 422, 'instructions[0].invoiceId'],
    ])('%s', async (name, over, status, field) => {
      const extra =
        name === 'applying to a voided invoice'
          ? { remittance: [{ invoiceId: voidedInvoiceId, amount: '10.00' }] }
          : {};
      await expectRefused(
        () => post(t.app, clerk, '/payments/payments', payment(accountId, { ...over, ...extra })),
        status,
        field,
      );
    });

    it('malformed JSON and a 1 MB reference', async () => {
      await expectRefused(
        () =>
          request(t.app.getHttpServer())
            .post('/payments/payments')
            .set('Authorization', `Bearer ${clerk}`)
            .set('Idempotency-Key', randomUUID())
            .set('Content-Type', 'application/json')
            .send('{"amount": "1.00",'),
        400,
      );
      await expectRefused(
        () =>
          post(
            t.app,
            clerk,
            '/payments/payments',
            payment(accountId, { externalReference: 'x'.repeat(1_000_000) }),
          ),
        400,
        'externalReference',
      );
    });

    it('a non-UUID payment id in the path', async () => {
      await expectRefused(
        () => post(t.app, manager, '/payments/payments/123/reverse', { reason: 'x' }),
        400,
        'id',
      );
    });

    it('no token: 401; auditor writing: 403; clerk reversing: 403; auditor reading: 200', async () => {
      const none = await request(t.app.getHttpServer())
        .post('/payments/payments')
        .set('Idempotency-Key', randomUUID())
        .send(payment(accountId));
      expect(none.status).toBe(401);
      await expectRefused(
        () => post(t.app, auditor, '/payments/payments', payment(accountId)),
        403,
      );
      const recorded = await post(t.app, clerk, '/payments/payments', payment(accountId));
      await expectRefused(
        () =>
          post(t.app, clerk, `/payments/payments/${recorded.body.paymentId}/reverse`, {
            reason: 'x',
          }),
        403,
      );
      expect(
        (await get(t.app, auditor, `/payments/payments/${recorded.body.paymentId}`)).status,
      ).toBe(200);
    });
  });
});
