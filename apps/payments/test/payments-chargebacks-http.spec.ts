import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { ChargebackReceived, UnappliedCreditChargedBack } from '@billing/contracts';
import { startPaymentsTestApp, type PaymentsTestApp } from './support/payments-test-app';
import { accountOpened, invoiceIssued, publishAsInvoicing } from './support/invoicing-events';
import { eventually, get, post } from '@billing/service-testing';

jest.setTimeout(120_000);

describe('chargebacks over HTTP on PostgreSQL', () => {
  let t: PaymentsTestApp;
  let clerk: string;
  let manager: string;

  beforeAll(async () => {
    t = await startPaymentsTestApp();
    clerk = await t.token(['billing-clerk']);
    manager = await t.token(['billing-manager'], 'manager-1');
  });
  afterAll(() => t?.close());

  /**
   * A payment of `amount` allocated oldest due first over invoices of 300.00 (due first) and
   * 200.00, both applications confirmed by invoicing; what is left stays unapplied.
   */
  async function appliedPayment(amount: string) {
    const accountId = await accountOpened(t.store);
    const older = await invoiceIssued(
      t.store,
      accountId,
      '300.00',
      'INV-2026-000001',
      '2026-04-01',
    );
    const newer = await invoiceIssued(
      t.store,
      accountId,
      '200.00',
      'INV-2026-000002',
      '2026-04-20',
    );
    await eventually(
      () => get(t.app, clerk, `/payments/billing-accounts/${accountId}/payments`),
      (r) => r.body.openInvoices?.length === 2,
    );
    const paid = await post(t.app, clerk, '/payments/payments', {
      billingAccountId: accountId,
      amount,
      currency: 'USD',
      method: 'card',
      externalReference: `CARD-${randomUUID()}`,
      receivedDate: '2026-03-10',
    });
    expect(paid.status).toBe(201);
    const paymentId = paid.body.paymentId as string;
    for (const a of paid.body.allocations as Array<{
      allocationId: string;
      invoiceId: string;
      amount: string;
    }>) {
      await publishAsInvoicing(t.store, `invoice-${a.invoiceId}`, [
        {
          type: 'PaymentAllocationApplied',
          data: {
            invoiceId: a.invoiceId,
            billingAccountId: accountId,
            paymentId,
            allocationId: a.allocationId,
            currency: 'USD',
            amountApplied: a.amount,
            amountOpen: '0.00',
            status: 'paid',
          },
        },
      ]);
    }
    await eventually(
      () => get(t.app, clerk, `/payments/payments/${paymentId}`),
      (r) => r.body.pending === '0.00',
    );
    return { accountId, paymentId, older, newer };
  }

  const chargeback = (over: Record<string, unknown> = {}) => ({
    chargebackReference: `VISA-${randomUUID().slice(0, 8)}`,
    amount: '250.00',
    currency: 'USD',
    reasonCode: '13.3',
    reasonDescription: 'Cardholder says the service was not as described',
    ...over,
  });

  const chargebackEvents = async (paymentId: string) =>
    (await t.allEvents()).filter(
      (e) =>
        (e.type === 'ChargebackReceived' || e.type === 'UnappliedCreditChargedBack') &&
        (e.data as { paymentId: string }).paymentId === paymentId,
    );

  it('takes unapplied credit first, then the latest applied invoice, one ChargebackReceived per invoice', async () => {
    const { accountId, paymentId, newer } = await appliedPayment('550.00');
    t.clock.set('2026-04-02T08:30:00Z');
    const body = chargeback({ chargebackReference: 'VISA-CB-77' });
    const res = await post(t.app, manager, `/payments/payments/${paymentId}/chargebacks`, body);
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({
      amount: '550.00',
      applied: '300.00',
      unapplied: '0.00',
      chargedBack: '250.00',
    });
    const events = await chargebackEvents(paymentId);
    expect(events.map((e) => [e.type, e.streamId])).toEqual([
      ['UnappliedCreditChargedBack', `payment-${paymentId}`],
      ['ChargebackReceived', `payment-${paymentId}`],
    ]);
    const common = {
      billingAccountId: accountId,
      paymentId,
      chargebackId: res.body.chargebackId,
      chargebackReference: 'VISA-CB-77',
      currency: 'USD',
      reasonCode: '13.3',
      reasonDescription: 'Cardholder says the service was not as described',
      receivedAt: '2026-04-02T08:30:00.000Z',
    };
    expect(events[0]!.data).toEqual({
      ...common,
      amount: '50.00',
      unappliedAfter: '0.00',
    } satisfies UnappliedCreditChargedBack);
    expect(events[1]!.data).toEqual({
      ...common,
      invoiceId: newer,
      amount: '200.00',
    } satisfies ChargebackReceived);
    expect((await get(t.app, clerk, `/payments/payments/${paymentId}`)).body).toMatchObject({
      chargedBack: '250.00',
      applied: '300.00',
      allocations: [
        { amount: '300.00', amountChargedBack: '0.00', status: 'confirmed' },
        { invoiceId: newer, amount: '200.00', amountChargedBack: '200.00', status: 'confirmed' },
      ],
    });
  });

  it('records one chargeback when the same Idempotency-Key is sent twice', async () => {
    const { paymentId } = await appliedPayment('500.00');
    const key = randomUUID();
    const body = chargeback({ amount: '40.00' });
    const url = `/payments/payments/${paymentId}/chargebacks`;
    const first = await post(t.app, manager, url, body, key);
    const again = await post(t.app, manager, url, body, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.chargebackId).toBe(first.body.chargebackId);
    expect(await chargebackEvents(paymentId)).toHaveLength(1);
    expect((await get(t.app, clerk, `/payments/payments/${paymentId}`)).body.chargedBack).toBe(
      '40.00',
    );
  });

  describe('bad input: a problem naming the field, and nothing appended', () => {
    let paymentId: string;
    beforeAll(async () => {
      ({ paymentId } = await appliedPayment('500.00'));
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
      if (field) expect(JSON.stringify(res.body.errors ?? [])).toContain(`"${field}"`);
      expect((await t.allEvents()).length).toBe(before);
      return res;
    }
    const send = (body: unknown, id = paymentId, token = manager) =>
      post(t.app, token, `/payments/payments/${id}/chargebacks`, body);

    it('an unknown payment: 404', async () => {
      const res = await expectRefused(() => send(chargeback(), randomUUID()), 404);
      expect(res.body.title).toBe('Not found');
    });

    it('more than was applied or left unapplied: 422 naming amount', async () => {
      const res = await expectRefused(() => send(chargeback({ amount: '500.01' })), 422, 'amount');
      expect(JSON.stringify(res.body.errors)).toContain('must be at most 500.00');
    });

    it("a currency other than the payment's: 422 naming currency", async () => {
      await expectRefused(() => send(chargeback({ currency: 'EUR' })), 422, 'currency');
    });

    it.each([
      ['too many decimals for USD', { amount: '10.005' }, 422, 'amount'],
      ['an amount as a JSON number', { amount: 10 }, 400, 'amount'],
      ['a missing reason code', { reasonCode: undefined }, 400, 'reasonCode'],
      ['a missing reference', { chargebackReference: undefined }, 400, 'chargebackReference'],
      ['an unknown field', { invoiceId: randomUUID() }, 400, 'invoiceId'],
      ['an unknown currency', { currency: 'XYZ' }, 400, 'currency'], // refused by validation now
    ])('%s', async (_name, over, status, field) => {
      await expectRefused(() => send(chargeback(over)), status, field);
    });

    it('the same bank reference again under another key: 409 naming the reference', async () => {
      const body = chargeback({ amount: '1.00' });
      expect((await send(body)).status).toBe(201);
      await expectRefused(
        () => send({ ...body, chargebackReference: body.chargebackReference.toLowerCase() }),
        409,
        'chargebackReference',
      );
    });

    it('money invoicing has not applied yet: 409 until it has', async () => {
      const accountId = await accountOpened(t.store);
      await invoiceIssued(t.store, accountId, '90.00', 'INV-2026-000009', '2026-04-01');
      await eventually(
        () => get(t.app, clerk, `/payments/billing-accounts/${accountId}/payments`),
        (r) => r.body.openInvoices?.length === 1,
      );
      const pending = await post(t.app, clerk, '/payments/payments', {
        billingAccountId: accountId,
        amount: '90.00',
        currency: 'USD',
        method: 'card',
        externalReference: `CARD-${randomUUID()}`,
        receivedDate: '2026-03-10',
      });
      expect(pending.body.pending).toBe('90.00');
      await expectRefused(() => send(chargeback({ amount: '10.00' }), pending.body.paymentId), 409);
    });

    it('a billing clerk: 403', async () => {
      await expectRefused(() => send(chargeback(), paymentId, clerk), 403);
    });
  });
});
