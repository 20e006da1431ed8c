import type { ChargebackReceived, DisputeEvent } from '@billing/contracts';
import { given, stream } from '@billing/kernel/testing';
import { disputedInvoice } from '../shared/disputed-invoice.fixture';
import { chargebackToOpenDispute } from './chargeback-to-open-dispute';
import type { OpenDispute } from './dispute.commands';
import { TIMELINE_ENTRIES_MAX, disputeDecider } from './dispute.decider';

const invoice = disputedInvoice;

const open = (overrides: Partial<OpenDispute['data']> = {}): OpenDispute => ({
  type: 'OpenDispute',
  data: {
    disputeId: 'dsp-1',
    invoiceId: 'inv-1',
    billingAccountId: 'acc-1',
    scope: 'amount',
    amount: '400.00',
    currency: 'EUR',
    invoice: invoice(),
    reasonCategory: 'pricing_error',
    customerStatement: 'Billed list price.',
    openedAt: '2026-03-02T10:00:00.000Z',
    openedBy: 'clerk-1',
    source: 'manual',
    ...overrides,
  },
});

function refusal(run: () => unknown): { code: string; kind: string; problems: unknown[] } {
  try {
    run();
  } catch (error) {
    return error as { code: string; kind: string; problems: unknown[] };
  }
  throw new Error('expected a refusal');
}

const openedAmount = (events: DisputeEvent[]) =>
  (events[0] as Extract<DisputeEvent, { type: 'DisputeOpened' }>).data.amount;

describe('opening a dispute against what disputes knows of the invoice', () => {
  it('holds the whole undisputed open amount for a whole-invoice dispute', () => {
    const events = given(disputeDecider).when(
      open({
        scope: 'whole',
        amount: undefined,
        invoice: invoice({ amountOpen: '700.00', amountOnHold: '200.00' }),
      }),
    );
    expect(openedAmount(events)).toBe('500.00');
    expect(
      refusal(() =>
        given(disputeDecider).when(
          open({
            scope: 'whole',
            amount: '700.00',
            invoice: invoice({ amountOpen: '700.00', amountOnHold: '200.00' }),
          }),
        ),
      ).problems,
    ).toEqual([
      {
        field: 'amount',
        reason: 'a whole-invoice dispute covers the undisputed open amount 500.00',
      },
    ]);
  });

  it("holds the chosen lines' total, or a stated part of it, and names an unknown line", () => {
    const both = given(disputeDecider).when(
      open({ scope: 'lines', lineIds: ['line-1', 'line-2'], amount: undefined }),
    );
    expect(both[0]).toMatchObject({
      data: { scope: 'lines', lineIds: ['line-1', 'line-2'], amount: '500.00' },
    });
    const part = given(disputeDecider).when(
      open({ scope: 'lines', lineIds: ['line-1'], amount: '150.00' }),
    );
    expect(openedAmount(part)).toBe('150.00');
    expect(
      refusal(() =>
        given(disputeDecider).when(open({ scope: 'lines', lineIds: ['line-1'], amount: '200.01' })),
      ).problems,
    ).toEqual([{ field: 'amount', reason: "must not exceed the chosen lines' total 200.00" }]);
    expect(
      refusal(() =>
        given(disputeDecider).when(
          open({ scope: 'lines', lineIds: ['line-1', 'line-9'], amount: undefined }),
        ),
      ).problems,
    ).toEqual([{ field: 'lineIds[1]', reason: 'is not a line of the invoice' }]);
  });

  it('never holds more than the open amount less what other disputes hold', () => {
    const held = invoice({ amountOpen: '800.00', amountOnHold: '500.00' });
    expect(
      openedAmount(given(disputeDecider).when(open({ amount: '300.00', invoice: held }))),
    ).toBe('300.00');
    expect(
      refusal(() => given(disputeDecider).when(open({ amount: '300.01', invoice: held }))),
    ).toMatchObject({
      kind: 'invalid',
      problems: [
        {
          field: 'amount',
          reason: "must not exceed the invoice's open amount 800.00 less 500.00 already in dispute",
        },
      ],
    });
    expect(
      refusal(() =>
        given(disputeDecider).when(
          open({ scope: 'whole', amount: undefined, invoice: invoice({ amountOpen: '0.00' }) }),
        ),
      ).problems,
    ).toEqual([
      { field: 'amount', reason: 'nothing is left to dispute: the invoice has no open amount' },
    ]);
  });

  it('refuses an invoice it does not know, a voided one, another currency, and an amount dispute without an amount', () => {
    const fields = (overrides: Partial<OpenDispute['data']>) =>
      refusal(() => given(disputeDecider).when(open(overrides))).problems;
    expect(fields({ invoice: undefined })).toEqual([
      { field: 'invoiceId', reason: 'is not an issued invoice known to disputes' },
    ]);
    expect(fields({ invoice: invoice({ status: 'voided' }) })).toEqual([
      { field: 'invoiceId', reason: 'was voided: nothing is owed on it' },
    ]);
    expect(fields({ currency: 'USD' })).toEqual([
      { field: 'currency', reason: "must be the invoice's currency EUR" },
    ]);
    expect(fields({ amount: undefined })).toEqual([
      { field: 'amount', reason: 'is required for an amount dispute' },
    ]);
  });

  it('decides nothing when the same opening arrives again, and refuses a different one on the same id', () => {
    const dispute = stream(disputeDecider);
    dispute.handle(open());
    expect(dispute.handle(open({ openedAt: '2026-03-02T10:00:05.000Z' }))).toEqual([]);
    expect(refusal(() => dispute.handle(open({ amount: '399.00' })))).toMatchObject({
      code: 'DISPUTE_ALREADY_OPENED',
      kind: 'conflict',
    });
    expect(dispute.state()).toMatchObject({
      customerStatement: 'Billed list price.',
      openedBy: 'clerk-1',
      amount: '400.00',
    });
  });
});

describe('a chargeback dispute', () => {
  const chargeback: ChargebackReceived = {
    billingAccountId: 'acc-1',
    paymentId: 'pay-9',
    chargebackId: 'cb-1',
    chargebackReference: 'MC-1',
    invoiceId: 'inv-1',
    amount: '250.00',
    currency: 'EUR',
    reasonCode: '4853',
    receivedAt: '2026-03-03T08:00:00.000Z',
  };

  it('opens even when the invoice shows nothing open yet, or is not known yet, but never above the invoice total', () => {
    const paidInFull = invoice({ total: '250.00', amountOpen: '0.00' });
    expect(
      openedAmount(
        given(disputeDecider).when(
          chargebackToOpenDispute(chargeback, { disputeId: 'd1', invoice: paidInFull }),
        ),
      ),
    ).toBe('250.00');
    expect(
      openedAmount(
        given(disputeDecider).when(chargebackToOpenDispute(chargeback, { disputeId: 'd1' })),
      ),
    ).toBe('250.00');
    expect(
      refusal(() =>
        given(disputeDecider).when(
          chargebackToOpenDispute(
            { ...chargeback, amount: '250.01' },
            { disputeId: 'd1', invoice: paidInFull },
          ),
        ),
      ).problems,
    ).toEqual([{ field: 'amount', reason: 'must not exceed the invoice total 250.00' }]);
  });
});

describe('resolving and bounding a dispute', () => {
  it('records an acceptance of "part" that is the whole disputed amount as a full acceptance', () => {
    const dispute = stream(disputeDecider);
    dispute.handle(open());
    expect(
      dispute.handle({
        type: 'ResolveDispute',
        data: {
          outcome: 'accepted_partial',
          acceptedAmount: '400',
          resolvedBy: 'manager-1',
          resolvedAt: '2026-03-04T10:00:00Z',
        },
      }),
    ).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          outcome: 'accepted_full',
          acceptedAmount: '400.00',
          releasedAmount: '0.00',
        }),
      }),
    ]);
    expect(dispute.state()).toMatchObject({
      status: 'accepted',
      outcome: 'accepted_full',
      releasedAmount: '0.00',
      resolvedBy: 'manager-1',
    });
  });

  it(`takes at most ${TIMELINE_ENTRIES_MAX} entries, and still resolves when full`, () => {
    const dispute = stream(disputeDecider);
    dispute.handle(open());
    const note = {
      type: 'AddDisputeNote' as const,
      data: { text: 'called again', author: 'clerk-1', at: '2026-03-03T10:00:00Z' },
    };
    for (let i = 1; i < TIMELINE_ENTRIES_MAX; i++) dispute.handle(note);
    expect(refusal(() => dispute.handle(note))).toMatchObject({
      code: 'DISPUTE_HISTORY_FULL',
      kind: 'conflict',
    });
    expect(
      dispute.handle({
        type: 'ResolveDispute',
        data: { outcome: 'withdrawn', resolvedBy: 'clerk-1', resolvedAt: '2026-03-04T10:00:00Z' },
      }),
    ).toHaveLength(1);
  });
});
