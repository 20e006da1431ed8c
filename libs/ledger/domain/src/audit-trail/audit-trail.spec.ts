import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { auditTimelineProjection, auditTrailProjection } from './audit-trail.projection';
import { auditTrailOf, followPayment } from './audit-trail.query';

describe('audit trail', () => {
  it('lists every event of the account with who, when, why and where', () => {
    const { sim, account } = issueScenario();
    const trail = auditTrailOf(foldAll(auditTrailProjection, sim.events), account);
    expect(trail).toHaveLength(sim.events.length);
    expect(trail.map((e) => e.globalPosition)).toEqual(sim.events.map((e) => e.globalPosition));
    const reversal = trail.find((e) => e.type === 'PaymentReversed');
    expect(reversal).toEqual({
      eventId: expect.any(String),
      type: 'PaymentReversed',
      actorId: 'specialist-7',
      actorRoles: ['billing_specialist'],
      service: 'payments',
      recordedAt: expect.stringMatching(/^2026-04-02T/),
      occurredAt: expect.stringMatching(/^2026-04-02T/),
      correlationId: 'corr-reversal',
      causationId: null,
      streamId: 'payment-pay-1',
      streamVersion: 6,
      globalPosition: reversal?.globalPosition,
    });
    const reversedAllocations = trail.filter((e) => e.type === 'PaymentAllocationReversed');
    expect(reversedAllocations.map((e) => e.causationId)).toEqual([
      reversal?.eventId,
      reversal?.eventId,
      reversal?.eventId,
    ]);
  });

  it("gives an account's replay the same timeline without the payment links", () => {
    const { sim, account } = issueScenario();
    sim.emit('billingaccount-acct-acme', 'SomethingNewHappened', { billingAccountId: account });
    const full = foldAll(auditTrailProjection, sim.events);
    const timeline = foldAll(auditTimelineProjection, sim.events);
    expect(auditTrailOf(timeline, account)).toEqual(auditTrailOf(full, account));
    expect(timeline.accounts).toEqual(full.accounts);
  });

  it('keeps event types it does not know: an audit trail leaves nothing out', () => {
    const { sim, account } = issueScenario();
    sim.emit('billingaccount-acct-acme', 'SomethingNewHappened', { billingAccountId: account });
    sim.emit('other-x', 'NoAccountHere', { foo: 'bar' });
    const state = foldAll(auditTrailProjection, sim.events);
    expect(auditTrailOf(state, account).at(-1)?.type).toBe('SomethingNewHappened');
    expect(auditTrailOf(state, 'unknown')).toEqual([]);
  });

  it('follows a payment from its receipt through its allocations to the invoices', () => {
    const { sim, pay1, pay2 } = issueScenario();
    const state = foldAll(auditTrailProjection, sim.events);
    const followed = followPayment(state, pay1);
    expect(followed?.receipt?.type).toBe('PaymentReceived');
    expect(followed?.externalReference).toBe('BANK-REF-001');
    expect(
      followed?.allocations.map((a) => [
        a.invoiceNumber,
        a.amount,
        a.status,
        a.events.map((e) => e.type),
      ]),
    ).toEqual([
      [
        'INV-2026-000001',
        '1200.00',
        'reversed',
        [
          'PaymentAllocated',
          'PaymentAllocationApplied',
          'AllocationConfirmed',
          'PaymentAllocationReversed',
        ],
      ],
      [
        'INV-2026-000002',
        '800.00',
        'reversed',
        [
          'PaymentAllocated',
          'PaymentAllocationApplied',
          'AllocationConfirmed',
          'PaymentAllocationReversed',
        ],
      ],
      [
        'INV-2026-000003',
        '225.25',
        'reversed',
        [
          'PaymentAllocated',
          'PaymentAllocationApplied',
          'AllocationConfirmed',
          'PaymentAllocationReversed',
        ],
      ],
    ]);
    expect(followed?.invoices.map((i) => [i.invoiceNumber, i.amountApplied])).toEqual([
      ['INV-2026-000001', '0.00'],
      ['INV-2026-000002', '0.00'],
      ['INV-2026-000003', '0.00'],
    ]);
    expect(followed?.reversal?.type).toBe('PaymentReversed');
    const second = followPayment(state, pay2);
    expect(second?.invoices).toEqual([
      {
        invoiceId: 'inv-3',
        invoiceNumber: 'INV-2026-000003',
        amountApplied: '225.25',
        allocationIds: ['pay-2-a1'],
      },
    ]);
    expect(second?.reversal).toBeNull();
    expect(followPayment(state, 'nope')).toBeNull();
  });

  it('shows a rejected allocation and a refund on the payment', () => {
    const { sim, account, inv3 } = issueScenario();
    const pay = sim.receivePayment({
      billingAccountId: account,
      currency: 'USD',
      amount: '1000.00',
    });
    sim.allocate(pay, [{ invoiceId: inv3, amount: '500.00' }]);
    sim.refund(pay, '100.00');
    const followed = followPayment(foldAll(auditTrailProjection, sim.events), pay);
    expect(followed?.allocations.map((a) => [a.status, a.events.map((e) => e.type)])).toEqual([
      ['rejected', ['PaymentAllocated', 'PaymentAllocationRejected', 'AllocationReturned']],
    ]);
    expect(followed?.refunds.map((r) => [r.amount, r.event.type])).toEqual([
      ['100.00', 'UnappliedCreditRefunded'],
    ]);
  });
});
