import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { RecordedEvent } from '@billing/event-store';
import { pgExecutor } from '@billing/event-store';
import { ChargebacksProcess, chargebackDisputeId } from '@billing/disputes-service';
import type { ChargebackReceived } from '@billing/contracts';
import { startDisputesTestApp, type DisputesTestApp } from './support/disputes-test-app';
import {
  chargebackReceived,
  invoiceIssued,
  invoiceVoided,
  paymentAllocationRejected,
  paymentApplied,
  type IssuedInvoice,
} from './support/other-contexts-events';
import { eventually, get, post } from '@billing/service-testing';

jest.setTimeout(120_000);

describe('disputes over HTTP on PostgreSQL', () => {
  let t: DisputesTestApp;
  let clerk: string;
  let manager: string;
  let auditor: string;
  let agent: string;
  let scheduler: string;

  beforeAll(async () => {
    t = await startDisputesTestApp();
    clerk = await t.token(['billing-clerk'], 'clerk-1');
    manager = await t.token(['billing-manager'], 'manager-1');
    auditor = await t.token(['auditor'], 'auditor-1');
    agent = await t.token(['collections-agent'], 'agent-1');
    scheduler = await t.token(['service'], 'scheduler');
  });
  afterAll(() => t?.close());

  /** An invoice issued by invoicing, once disputes has learned it from the event. */
  async function knownInvoice(
    lineTotals: string[],
    options: { billingAccountId?: string } = {},
  ): Promise<IssuedInvoice> {
    const invoice = await invoiceIssued(t.store, lineTotals, options);
    await eventually(
      () => get(t.app, clerk, `/disputes/invoices/${invoice.invoiceId}`),
      (r) => r.status === 200,
    );
    return invoice;
  }

  const dispute = (invoiceId: string, over: Record<string, unknown> = {}) => ({
    invoiceId,
    scope: 'amount',
    amount: '100.00',
    reasonCategory: 'pricing_error',
    customerStatement: 'We were billed the list price, not our contract price.',
    ...over,
  });

  const eventsOf = async (type: string, disputeId: string): Promise<RecordedEvent[]> =>
    (await t.allEvents()).filter(
      (e) => e.type === type && (e.data as { disputeId?: string }).disputeId === disputeId,
    );

  it('learns an issued invoice from invoicing: its lines, total and open amount', async () => {
    const invoice = await knownInvoice(['800.00', '200.00']);
    const res = await get(t.app, auditor, `/disputes/invoices/${invoice.invoiceId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      invoiceId: invoice.invoiceId,
      billingAccountId: invoice.billingAccountId,
      currency: 'EUR',
      total: '1000.00',
      amountOpen: '1000.00',
      amountOnHold: '0.00',
      amountDisputable: '1000.00',
      status: 'issued',
      lines: [
        { lineId: 'line-1', description: 'Service 1', total: '800.00' },
        { lineId: 'line-2', description: 'Service 2', total: '200.00' },
      ],
    });
  });

  it('opens disputes on chosen lines, on an amount and on the rest of the invoice, holding each amount', async () => {
    const invoice = await knownInvoice(['800.00', '200.00']);
    const onLine = await post(
      t.app,
      clerk,
      '/disputes/disputes',
      dispute(invoice.invoiceId, { scope: 'lines', lineIds: ['line-2'], amount: undefined }),
    );
    expect(onLine.status).toBe(201);
    expect(onLine.headers['location']).toBe(`/disputes/disputes/${onLine.body.disputeId}`);
    expect(onLine.body).toMatchObject({
      status: 'open',
      scope: 'lines',
      lineIds: ['line-2'],
      amount: '200.00',
      currency: 'EUR',
      billingAccountId: invoice.billingAccountId,
      openedBy: 'clerk-1',
      source: 'manual',
      // Opened Monday 2 March 2026: ten business days later.
      resolutionDueDate: '2026-03-16',
    });

    const onAmount = await post(
      t.app,
      clerk,
      '/disputes/disputes',
      dispute(invoice.invoiceId, { amount: '300.00', reasonCategory: 'quality' }),
    );
    expect(onAmount.status).toBe(201);
    expect(onAmount.body).toMatchObject({ scope: 'amount', amount: '300.00' });

    const rest = await post(
      t.app,
      clerk,
      '/disputes/disputes',
      dispute(invoice.invoiceId, {
        scope: 'whole',
        amount: undefined,
        reasonCategory: 'service_not_received',
      }),
    );
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ scope: 'whole', amount: '500.00' });

    const known = await get(t.app, clerk, `/disputes/invoices/${invoice.invoiceId}`);
    expect(known.body).toMatchObject({
      amountOpen: '1000.00',
      amountOnHold: '1000.00',
      amountDisputable: '0.00',
    });
    expect(known.body.openDisputeIds).toHaveLength(3);
    const opened = await eventsOf('DisputeOpened', onLine.body.disputeId);
    expect(opened.map((e) => e.data)).toEqual([
      expect.objectContaining({ amount: '200.00', lineIds: ['line-2'], scope: 'lines' }),
    ]);
    expect(opened[0]?.metadata.actor).toEqual({ id: 'clerk-1', roles: ['billing-clerk'] });
  });

  it('holds only what is still open on a partly paid invoice', async () => {
    const invoice = await knownInvoice(['1000.00']);
    await paymentApplied(t.store, invoice, '600.00', '400.00');
    await eventually(
      () => get(t.app, clerk, `/disputes/invoices/${invoice.invoiceId}`),
      (r) => r.body.amountOpen === '400.00',
    );
    const whole = await post(
      t.app,
      clerk,
      '/disputes/disputes',
      dispute(invoice.invoiceId, { scope: 'whole', amount: undefined }),
    );
    expect(whole.status).toBe(201);
    expect(whole.body.amount).toBe('400.00');
  });

  it('never holds more than is open when several disputes are opened on one invoice at once', async () => {
    const invoice = await knownInvoice(['1000.00']);
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId, { amount: '300.00' })),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 422, 422]);
    const refused = answers.find((a) => a.status === 422);
    expect(refused?.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused?.body.errors).toEqual([
      expect.objectContaining({ field: 'amount', reason: expect.stringContaining('900.00') }),
    ]);
    const known = await get(t.app, clerk, `/disputes/invoices/${invoice.invoiceId}`);
    expect(known.body).toMatchObject({
      amountOpen: '1000.00',
      amountOnHold: '900.00',
      amountDisputable: '100.00',
    });
  });

  it('opens a burst of disputes on many invoices at once, each holding its amount', async () => {
    // More openings at once than the service's pool has connections: none may wait forever.
    const invoices = [];
    for (let n = 0; n < 16; n++) invoices.push(await knownInvoice(['100.00']));
    const answers = await Promise.all(
      invoices.map((invoice) =>
        post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId, { amount: '40.00' })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(invoices.map(() => 201));
  });

  it('records one dispute when the same Idempotency-Key is sent twice', async () => {
    const invoice = await knownInvoice(['250.00']);
    const key = randomUUID();
    const body = dispute(invoice.invoiceId);
    const a = await post(t.app, clerk, '/disputes/disputes', body, key);
    const b = await post(t.app, clerk, '/disputes/disputes', body, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.disputeId).toBe(a.body.disputeId);
    const opened = (await t.allEvents()).filter(
      (e) =>
        e.type === 'DisputeOpened' &&
        (e.data as { invoiceId: string }).invoiceId === invoice.invoiceId,
    );
    expect(opened).toHaveLength(1);
  });

  it('is assigned, annotated, evidenced and discussed, then accepted in part, with the whole timeline in order', async () => {
    const invoice = await knownInvoice(['800.00', '200.00']);
    const opened = await post(
      t.app,
      clerk,
      '/disputes/disputes',
      dispute(invoice.invoiceId, { scope: 'lines', lineIds: ['line-2'], amount: undefined }),
    );
    const id = opened.body.disputeId as string;
    t.clock.advanceMs(60_000);
    const assigned = await post(t.app, clerk, `/disputes/disputes/${id}/assignment`, {
      owner: 'sam',
      department: 'sales',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ owner: 'sam', department: 'sales' });
    t.clock.advanceMs(60_000);
    expect(
      (
        await post(t.app, clerk, `/disputes/disputes/${id}/notes`, {
          text: 'Price list not renewed',
        })
      ).status,
    ).toBe(201);
    t.clock.advanceMs(60_000);
    const evidence = await post(t.app, clerk, `/disputes/disputes/${id}/evidence`, {
      reference: 'doc://contracts/acme-2026.pdf',
      description: 'Signed contract',
    });
    expect(evidence.status).toBe(201);
    expect(evidence.body.evidence).toEqual(['doc://contracts/acme-2026.pdf']);
    t.clock.advanceMs(60_000);
    // The call happened before the note was written, and is logged afterwards.
    const called = await post(t.app, clerk, `/disputes/disputes/${id}/communications`, {
      channel: 'phone',
      summary: 'Customer confirmed the contract price',
      at: '2026-03-02T09:01:30.000Z',
    });
    expect(called.status).toBe(201);
    t.clock.advanceMs(60_000);

    const accepted = await post(t.app, manager, `/disputes/disputes/${id}/acceptance`, {
      acceptedAmount: '150.00',
      explanation: 'Contract price applies to the second line',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      outcome: 'accepted_partial',
      acceptedAmount: '150.00',
      releasedAmount: '50.00',
      resolvedBy: 'manager-1',
    });
    expect((await eventsOf('DisputeAccepted', id)).map((e) => e.data)).toEqual([
      expect.objectContaining({
        disputeId: id,
        invoiceId: invoice.invoiceId,
        billingAccountId: invoice.billingAccountId,
        outcome: 'accepted_partial',
        currency: 'EUR',
        acceptedAmount: '150.00',
        releasedAmount: '50.00',
      }),
    ]);

    const again = await post(t.app, manager, `/disputes/disputes/${id}/rejection`, {
      explanation: 'changed my mind',
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);

    const timeline = await get(t.app, auditor, `/disputes/disputes/${id}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body).toMatchObject({
      disputeId: id,
      customerStatement: 'We were billed the list price, not our contract price.',
      status: 'accepted',
    });
    expect(
      timeline.body.timeline.map((entry: { type: string; actor: string }) => [
        entry.type,
        entry.actor,
      ]),
    ).toEqual([
      ['DisputeOpened', 'clerk-1'],
      ['DisputeAssigned', 'clerk-1'],
      ['DisputeCustomerCommunicationLogged', 'clerk-1'],
      ['DisputeNoteAdded', 'clerk-1'],
      ['DisputeEvidenceAdded', 'clerk-1'],
      ['DisputeAccepted', 'manager-1'],
    ]);
    const known = await get(t.app, clerk, `/disputes/invoices/${invoice.invoiceId}`);
    expect(known.body.amountOnHold).toBe('0.00');
  });

  it('is rejected with an explanation or withdrawn, releasing the whole disputed amount', async () => {
    const invoice = await knownInvoice(['500.00']);
    const first = await post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId));
    const second = await post(
      t.app,
      clerk,
      '/disputes/disputes',
      dispute(invoice.invoiceId, { amount: '50.00', reasonCategory: 'duplicate_charge' }),
    );
    const rejected = await post(
      t.app,
      manager,
      `/disputes/disputes/${first.body.disputeId}/rejection`,
      { explanation: 'The contract price applies from April' },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      releasedAmount: '100.00',
      resolutionExplanation: 'The contract price applies from April',
    });
    const withdrawn = await post(
      t.app,
      clerk,
      `/disputes/disputes/${second.body.disputeId}/withdrawal`,
      { explanation: 'Customer found the second charge was a refund' },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', releasedAmount: '50.00' });
    expect((await eventsOf('DisputeRejected', first.body.disputeId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ releasedAmount: '100.00', currency: 'EUR' }),
    ]);
    expect(await eventsOf('DisputeWithdrawn', second.body.disputeId)).toHaveLength(1);
  });

  it('lists open disputes oldest first, by owner, with filters', async () => {
    const billingAccountId = randomUUID();
    const invoice = await knownInvoice(['900.00'], { billingAccountId });
    const open = async (amount: string) =>
      (await post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId, { amount }))).body
        .disputeId as string;
    const oldest = await open('100.00');
    t.clock.advanceDays(3);
    const middle = await open('200.00');
    t.clock.advanceDays(2);
    const newest = await open('300.00');
    await post(t.app, clerk, `/disputes/disputes/${oldest}/assignment`, {
      owner: 'kim',
      department: 'finance',
    });
    await post(t.app, clerk, `/disputes/disputes/${newest}/assignment`, {
      owner: 'lee',
      department: 'customer_service',
    });

    const all = await get(
      t.app,
      agent,
      `/disputes/open-disputes?billingAccountId=${billingAccountId}`,
    );
    expect(all.status).toBe(200);
    expect(
      all.body.disputes.map((d: { disputeId: string; ageDays: number; owner: string | null }) => [
        d.disputeId,
        d.ageDays,
        d.owner,
      ]),
    ).toEqual([
      [oldest, 5, 'kim'],
      [middle, 2, null],
      [newest, 0, 'lee'],
    ]);
    expect(all.body.disputes.map((d: { source: string }) => d.source)).toEqual([
      'manual',
      'manual',
      'manual',
    ]);
    expect(
      all.body.byOwner.map(
        (g: { owner: string | null; disputes: Array<{ disputeId: string }> }) => [
          g.owner,
          g.disputes.map((d) => d.disputeId),
        ],
      ),
    ).toEqual([
      [null, [middle]],
      ['kim', [oldest]],
      ['lee', [newest]],
    ]);
    const kims = await get(
      t.app,
      clerk,
      `/disputes/open-disputes?billingAccountId=${billingAccountId}&owner=kim`,
    );
    expect(kims.body.disputes.map((d: { disputeId: string }) => d.disputeId)).toEqual([oldest]);
    const unassigned = await get(
      t.app,
      clerk,
      `/disputes/open-disputes?billingAccountId=${billingAccountId}&unassigned=true`,
    );
    expect(unassigned.body.disputes.map((d: { disputeId: string }) => d.disputeId)).toEqual([
      middle,
    ]);
    const service = await get(
      t.app,
      clerk,
      `/disputes/open-disputes?billingAccountId=${billingAccountId}&department=customer_service`,
    );
    expect(service.body.disputes.map((d: { disputeId: string }) => d.disputeId)).toEqual([newest]);

    await post(t.app, manager, `/disputes/disputes/${oldest}/acceptance`, {});
    const after = await get(
      t.app,
      clerk,
      `/disputes/open-disputes?billingAccountId=${billingAccountId}`,
    );
    expect(after.body.disputes.map((d: { disputeId: string }) => d.disputeId)).toEqual([
      middle,
      newest,
    ]);
  });

  describe('chargebacks from payments', () => {
    const chargebackOn = (invoice: IssuedInvoice, amount: string): ChargebackReceived => ({
      billingAccountId: invoice.billingAccountId,
      paymentId: randomUUID(),
      chargebackId: randomUUID(),
      chargebackReference: `VISA-${randomUUID().slice(0, 8)}`,
      invoiceId: invoice.invoiceId,
      amount,
      currency: 'EUR',
      reasonCode: '13.1',
      reasonDescription: 'Services not provided',
      receivedAt: '2026-03-03T08:00:00.000Z',
    });

    it('open a dispute without any manual step, even on an invoice paid in full, once however often delivered', async () => {
      const invoice = await knownInvoice(['250.00']);
      await paymentApplied(t.store, invoice, '250.00', '0.00');
      await eventually(
        () => get(t.app, clerk, `/disputes/invoices/${invoice.invoiceId}`),
        (r) => r.body.amountOpen === '0.00',
      );
      const chargeback = chargebackOn(invoice, '250.00');
      await chargebackReceived(t.store, chargeback);
      const disputeId = chargebackDisputeId(chargeback);
      const opened = await eventually(
        () => get(t.app, clerk, `/disputes/disputes/${disputeId}`),
        (r) => r.status === 200,
      );
      expect(opened.body).toMatchObject({
        source: 'chargeback',
        chargebackReference: chargeback.chargebackReference,
        reasonCategory: 'service_not_received',
        amount: '250.00',
        scope: 'amount',
        status: 'open',
        invoiceNumber: expect.stringMatching(/^INV-2026-/),
      });
      const listed = await get(
        t.app,
        clerk,
        `/disputes/open-disputes?billingAccountId=${invoice.billingAccountId}`,
      );
      expect(listed.body.disputes).toEqual([
        expect.objectContaining({ disputeId, source: 'chargeback', amount: '250.00' }),
      ]);

      const delivered = (await t.allEvents()).find(
        (e) =>
          e.type === 'ChargebackReceived' &&
          (e.data as ChargebackReceived).chargebackId === chargeback.chargebackId,
      );
      const before = (await t.allEvents()).length;
      await t.app
        .get(ChargebacksProcess, { strict: false })
        .handle(delivered as RecordedEvent, pgExecutor(t.pool));
      expect((await t.allEvents()).length).toBe(before);
      expect(await eventsOf('DisputeOpened', disputeId)).toHaveLength(1);
    });
  });

  describe('bad input: a 4xx problem naming the field, and nothing appended', () => {
    let invoice: IssuedInvoice;
    let voided: IssuedInvoice;
    let openId: string;

    beforeAll(async () => {
      invoice = await knownInvoice(['800.00', '200.00']);
      voided = await knownInvoice(['40.00']);
      await invoiceVoided(t.store, voided);
      await eventually(
        () => get(t.app, clerk, `/disputes/invoices/${voided.invoiceId}`),
        (r) => r.body.status === 'voided',
      );
      openId = (await post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId))).body
        .disputeId;
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
      if (field)
        expect((res.body.errors ?? []).map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.allEvents()).length).toBe(before);
      return res;
    }

    it.each([
      ['an invoice disputes does not know', { invoiceId: randomUUID() }, 422, 'invoiceId'],
      ['an amount above the open amount less what is on hold', { amount: '900.01' }, 422, 'amount'],
      ['a zero amount', { amount: '0.00' }, 422, 'amount'],
      ['a negative amount', { amount: '-5.00' }, 400, 'amount'],
      ['an amount as a JSON number', { amount: 10.5 }, 400, 'amount'],
      ['too many decimals for EUR', { amount: '10.005' }, 422, 'amount'],
      ['an amount dispute without an amount', { amount: undefined }, 422, 'amount'],
      [
        'a line the invoice does not have',
        { scope: 'lines', lineIds: ['line-9'] },
        422,
        'lineIds[0]',
      ],
      ['lines without line ids', { scope: 'lines', amount: undefined }, 400, 'lineIds'],
      ['line ids on an amount dispute', { lineIds: ['line-1'] }, 422, 'lineIds'],
      ["a currency other than the invoice's", { currency: 'USD' }, 422, 'currency'],
      ['an unknown scope', { scope: 'part' }, 400, 'scope'],
      ['an unknown reason', { reasonCategory: 'angry' }, 400, 'reasonCategory'],
      // Blank text is refused by validation (400), before the domain would (422).
      ['a blank statement', { customerStatement: '   ' }, 400, 'customerStatement'],
      ['a missing statement', { customerStatement: undefined }, 400, 'customerStatement'],
      ['a 1 MB statement', { customerStatement: 'x'.repeat(1_000_000) }, 400, 'customerStatement'],
      ['a non-UUID invoice id', { invoiceId: 'INV-1' }, 400, 'invoiceId'],
      ['an unknown field', { priority: 'high' }, 400, 'priority'],
    ])('opening with %s', async (_name, over, status, field) => {
      await expectRefused(
        () => post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId, over)),
        status,
        field,
      );
    });

    it('opening on a voided invoice', async () => {
      await expectRefused(
        () =>
          post(t.app, clerk, '/disputes/disputes', dispute(voided.invoiceId, { amount: '10.00' })),
        422,
        'invoiceId',
      );
    });

    it('shows a voided invoice with nothing open and nothing to dispute, as invoicing does', async () => {
      // Invoicing refuses a payment on the voided invoice and states its pre-void open amount.
      await paymentAllocationRejected(t.store, voided, '40.00', '40.00');
      // Invoicing's events are learned in order: once a later invoice is known, so is the refusal.
      await knownInvoice(['1.00']);
      const res = await get(t.app, clerk, `/disputes/invoices/${voided.invoiceId}`);
      expect(res.body).toMatchObject({
        status: 'voided',
        amountOpen: '0.00',
        amountDisputable: '0.00',
      });
    });

    it('accepting more than disputed, rejecting without explanation, an unknown department, a contact in the future', async () => {
      await expectRefused(
        () =>
          post(t.app, manager, `/disputes/disputes/${openId}/acceptance`, {
            acceptedAmount: '100.01',
          }),
        422,
        'acceptedAmount',
      );
      await expectRefused(
        () => post(t.app, manager, `/disputes/disputes/${openId}/rejection`, {}),
        400,
        'explanation',
      );
      await expectRefused(
        () => post(t.app, manager, `/disputes/disputes/${openId}/rejection`, { explanation: ' ' }),
        400,
        'explanation',
      );
      await expectRefused(
        () =>
          post(t.app, clerk, `/disputes/disputes/${openId}/assignment`, {
            owner: 'sam',
            department: 'legal',
          }),
        400,
        'department',
      );
      await expectRefused(
        () =>
          post(t.app, clerk, `/disputes/disputes/${openId}/communications`, {
            channel: 'phone',
            summary: 'called',
            at: '2099-01-01T00:00:00.000Z',
          }),
        422,
        'at',
      );
    });

    it('a dispute that does not exist, and a non-UUID id in the path', async () => {
      await expectRefused(
        () => post(t.app, clerk, `/disputes/disputes/${randomUUID()}/notes`, { text: 'hello' }),
        404,
      );
      await expectRefused(() => get(t.app, clerk, `/disputes/disputes/${randomUUID()}`), 404);
      await expectRefused(
        () => post(t.app, clerk, '/disputes/disputes/123/notes', { text: 'hello' }),
        400,
        'id',
      );
    });

    it('no token: 401; auditor or collections agent opening: 403; clerk accepting or rejecting: 403; clerk running escalations: 403; auditor reading: 200', async () => {
      const none = await request(t.app.getHttpServer())
        .post('/disputes/disputes')
        .set('Idempotency-Key', randomUUID())
        .send(dispute(invoice.invoiceId));
      expect(none.status).toBe(401);
      await expectRefused(
        () => post(t.app, auditor, '/disputes/disputes', dispute(invoice.invoiceId)),
        403,
      );
      await expectRefused(
        () => post(t.app, agent, '/disputes/disputes', dispute(invoice.invoiceId)),
        403,
      );
      await expectRefused(
        () => post(t.app, clerk, `/disputes/disputes/${openId}/acceptance`, {}),
        403,
      );
      await expectRefused(
        () => post(t.app, clerk, `/disputes/disputes/${openId}/rejection`, { explanation: 'no' }),
        403,
      );
      await expectRefused(() => post(t.app, clerk, '/disputes/escalations/run', {}), 403);
      expect((await get(t.app, auditor, `/disputes/disputes/${openId}`)).status).toBe(200);
      expect((await get(t.app, auditor, '/disputes/open-disputes')).status).toBe(200);
    });

    it('bad filters on the open-disputes list', async () => {
      await expectRefused(
        () => get(t.app, clerk, '/disputes/open-disputes?unassigned=yes'),
        400,
        'unassigned',
      );
      await expectRefused(() => get(t.app, clerk, '/disputes/open-disputes?limit=0'), 400, 'limit');
      await expectRefused(
        () => get(t.app, clerk, '/disputes/open-disputes?department=legal'),
        400,
        'department',
      );
    });
  });

  // Last: it moves the shared clock months ahead.
  it('escalates a dispute to a billing manager the first business day after its ten business days, once however often the check runs', async () => {
    t.clock.set('2026-06-01T09:00:00Z'); // a Monday
    const invoice = await knownInvoice(['300.00']);
    const opened = await post(t.app, clerk, '/disputes/disputes', dispute(invoice.invoiceId));
    const id = opened.body.disputeId as string;
    expect(opened.body.resolutionDueDate).toBe('2026-06-15');
    await post(t.app, clerk, `/disputes/disputes/${id}/assignment`, {
      owner: 'sam',
      department: 'operations',
    });

    t.clock.advanceDays(14); // Monday 15 June: due today, not late
    const onDueDate = await post(t.app, manager, '/disputes/escalations/run', {});
    expect(onDueDate.status).toBe(200);
    expect(onDueDate.body.escalated.map((e: { disputeId: string }) => e.disputeId)).not.toContain(
      id,
    );
    expect(await eventsOf('DisputeEscalated', id)).toHaveLength(0);

    t.clock.advanceDays(1); // Tuesday 16 June: one day past due
    const late = await post(t.app, manager, '/disputes/escalations/run', {});
    expect(late.status).toBe(200);
    expect(late.body.asOf).toBe('2026-06-16');
    expect(late.body.escalated).toContainEqual({
      disputeId: id,
      resolutionDueDate: '2026-06-15',
      daysPastDue: 1,
      owner: 'sam',
    });

    t.clock.advanceDays(1);
    const runs = await Promise.all([
      post(t.app, manager, '/disputes/escalations/run', {}),
      post(t.app, scheduler, '/disputes/escalations/run', {}),
    ]);
    for (const run of runs) {
      expect(run.status).toBe(200);
      expect(run.body.escalated.map((e: { disputeId: string }) => e.disputeId)).not.toContain(id);
    }
    const escalated = await eventsOf('DisputeEscalated', id);
    expect(escalated.map((e) => e.data)).toEqual([
      {
        billingAccountId: invoice.billingAccountId,
        disputeId: id,
        escalatedTo: 'billing-manager',
        resolutionDueDate: '2026-06-15',
        daysPastDue: 1,
        owner: 'sam',
        escalatedOn: '2026-06-16',
      },
    ]);
    expect(escalated[0]?.metadata.actor).toEqual({ id: 'manager-1', roles: ['billing-manager'] });

    const listed = await get(
      t.app,
      clerk,
      `/disputes/open-disputes?billingAccountId=${invoice.billingAccountId}&overdue=true`,
    );
    expect(listed.body.disputes).toEqual([
      expect.objectContaining({ disputeId: id, overdue: true, escalated: true, ageDays: 16 }),
    ]);
    const shown = await get(t.app, clerk, `/disputes/disputes/${id}`);
    expect(shown.body).toMatchObject({ escalated: true, escalatedOn: '2026-06-16' });
    expect(shown.body.timeline.map((e: { type: string }) => e.type)).toContain('DisputeEscalated');
  });
});
