import { foldAll } from '../shared/projection';
import { issueScenario } from '../test-utils/issue-scenario';
import { BillingSimulator } from '../test-utils/billing-simulator';
import { balancesProjection } from '../balances/balances.projection';
import { replayAsOf } from '../point-in-time/replay-as-of';
import { disputeActivityProjection } from './dispute-activity.projection';
import { billingMetrics, collectionEffectivenessIndex } from './billing-metrics.query';

describe('billing metrics', () => {
  it('averages the payment turnaround of fully paid invoices, before the bounce', () => {
    const { sim, positionBeforeReversal } = issueScenario();
    const balances = replayAsOf(balancesProjection, sim.events, {
      position: positionBeforeReversal,
    });
    const metrics = billingMetrics(balances, disputeActivityProjection.initial(), {
      asOf: '2026-03-31',
    });
    // 19 days (INV-1), 15 (INV-2), 15 (INV-3, settled by the second payment): 49 / 3.
    expect(metrics.paymentTurnaround).toEqual({ invoicesFullyPaid: 3, averageDays: '16.33' });
    expect(metrics.overdue).toEqual({
      invoicesOpen: 0,
      invoicesOverdue: 0,
      invoiceSharePercent: null,
      amounts: [],
    });
  });

  it('after the bounce nothing is fully paid and the reopened invoices fall overdue', () => {
    const { sim } = issueScenario();
    const balances = foldAll(balancesProjection, sim.events);
    const onSecond = billingMetrics(balances, disputeActivityProjection.initial(), {
      asOf: '2026-04-02',
    });
    expect(onSecond.paymentTurnaround).toEqual({ invoicesFullyPaid: 0, averageDays: null });
    // Only INV-1 (due 31 March) is past due on 2 April: 1 of 3 invoices, 1,200.00 of 2,225.25.
    expect(onSecond.overdue).toEqual({
      invoicesOpen: 3,
      invoicesOverdue: 1,
      invoiceSharePercent: '33.33',
      amounts: [
        {
          currency: 'USD',
          amountOpen: '2225.25',
          amountOverdue: '1200.00',
          amountSharePercent: '53.93',
        },
      ],
    });
    expect(
      billingMetrics(balances, disputeActivityProjection.initial(), { asOf: '2026-04-15' }).overdue
        .invoiceSharePercent,
    ).toBe('100.00');
  });

  it('counts disputed invoices against issued ones and the days disputes took to resolve', () => {
    const { sim, inv2, inv3 } = issueScenario();
    sim.advanceDays(1); // 04-03
    const d1 = sim.openDispute(inv2, '100.00');
    const d2 = sim.openDispute(inv3, '25.00');
    sim.advanceDays(5); // 04-08
    sim.resolveDispute(d1, 'accepted');
    sim.advanceDays(4); // 04-12
    sim.resolveDispute(d2, 'rejected');
    const balances = foldAll(balancesProjection, sim.events);
    const disputes = foldAll(disputeActivityProjection, sim.events);
    expect(billingMetrics(balances, disputes, { asOf: '2026-04-30' }).disputes).toEqual({
      invoicesIssued: 3,
      invoicesDisputed: 2,
      disputeRatePercent: '66.67',
      disputesResolved: 2,
      averageDaysToResolve: '7.00',
    });
    expect(billingMetrics(balances, disputes, { asOf: '2026-04-10' }).disputes).toMatchObject({
      disputesResolved: 1,
      averageDaysToResolve: '5.00',
    });
    expect(
      billingMetrics(balances, disputes, { asOf: '2026-04-30', billingAccountId: 'other' })
        .disputes,
    ).toEqual({
      invoicesIssued: 0,
      invoicesDisputed: 0,
      disputeRatePercent: null,
      disputesResolved: 0,
      averageDaysToResolve: null,
    });
  });

  it('computes the collection effectiveness index per period', () => {
    const { sim } = issueScenario();
    const balances = foldAll(balancesProjection, sim.events);
    expect(
      collectionEffectivenessIndex(balances, { from: '2026-03-01', to: '2026-03-31' }),
    ).toEqual([
      {
        currency: 'USD',
        beginningReceivables: '0.00',
        creditSales: '2450.50',
        endingReceivables: '0.00',
        endingCurrentReceivables: '0.00',
        ceiPercent: '100.00',
      },
    ]);
    // Over March and April the bounce leaves 2,225.25 open, all of it past due: 225.25 / 2,450.50.
    expect(
      collectionEffectivenessIndex(balances, { from: '2026-03-01', to: '2026-04-30' })[0],
    ).toMatchObject({
      endingReceivables: '2225.25',
      endingCurrentReceivables: '0.00',
      ceiPercent: '9.19',
    });
  });

  it('uses the beginning receivables and the current part of the ending ones', () => {
    const sim = new BillingSimulator('2026-01-10');
    const old = sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'EUR',
      subtotal: '1000.00',
      taxTotal: '0.00',
      termsDays: 10,
    });
    sim.advanceDays(25); // 02-04
    const fresh = sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'EUR',
      subtotal: '500.00',
      taxTotal: '0.00',
      termsDays: 60,
    });
    sim.advanceDays(10);
    const pay = sim.receivePayment({ billingAccountId: 'a', currency: 'EUR', amount: '900.00' });
    sim.allocate(pay, [
      { invoiceId: old, amount: '800.00' },
      { invoiceId: fresh, amount: '100.00' },
    ]);
    // B = 1000, S = 500, E = 200 + 400 = 600, E current = 400 (due in April): (1500 − 600) / (1500 − 400) = 81.82 %.
    expect(
      collectionEffectivenessIndex(foldAll(balancesProjection, sim.events), {
        from: '2026-02-01',
        to: '2026-02-28',
      }),
    ).toEqual([
      {
        currency: 'EUR',
        beginningReceivables: '1000.00',
        creditSales: '500.00',
        endingReceivables: '600.00',
        endingCurrentReceivables: '400.00',
        ceiPercent: '81.82',
      },
    ]);
  });
});
