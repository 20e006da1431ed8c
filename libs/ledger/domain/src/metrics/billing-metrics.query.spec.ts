import { Money } from '@billing/money';
import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { BillingSimulator } from '../../testing/billing-simulator';
import { balancesProjection } from '../balances/balances.projection';
import { replayAsOf } from '../point-in-time/replay-as-of';
import { disputeActivityProjection } from './dispute-activity.projection';
import { billingMetrics, collectionEffectivenessIndex } from './billing-metrics.query';
import { discrepancyRate } from './discrepancy-rate';
import { daysSalesOutstanding } from './days-sales-outstanding';
import { explainMetrics } from './metrics-explanation';

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

  it('rates discrepancies: invoices of the period a credit note or a void corrected, by its end', () => {
    const sim = new BillingSimulator('2026-03-02');
    const issue = () =>
      sim.issueInvoice({
        billingAccountId: 'a',
        currency: 'EUR',
        subtotal: '100.00',
        taxTotal: '0.00',
      });
    const credited = issue();
    const voided = issue();
    issue();
    issue();
    sim.advanceDays(10); // 03-12
    sim.creditNote(credited, '10.00');
    sim.voidInvoice(voided);
    sim.advanceDays(25); // 04-06: issued in April, credited in April
    const april = issue();
    sim.advanceDays(1);
    sim.creditNote(april, '5.00');
    const balances = foldAll(balancesProjection, sim.events);
    expect(discrepancyRate(balances, { from: '2026-03-01', to: '2026-03-31' })).toEqual({
      invoicesIssued: 4,
      invoicesCorrected: 2,
      discrepancyRatePercent: '50.00',
    });
    // At 10 March the corrections had not happened yet.
    expect(discrepancyRate(balances, { from: '2026-03-01', to: '2026-03-10' })).toMatchObject({
      invoicesCorrected: 0,
      discrepancyRatePercent: '0.00',
    });
    expect(discrepancyRate(balances, { from: '2026-04-01', to: '2026-04-30' })).toMatchObject({
      invoicesIssued: 1,
      invoicesCorrected: 1,
    });
    expect(
      explainMetrics(balances, disputeActivityProjection.initial(), {
        from: '2026-03-01',
        to: '2026-03-31',
      }).discrepancy.map((row) => [row.invoiceId, row.reasons]),
    ).toEqual([
      [credited, ['credited']],
      [voided, ['voided']],
    ]);
  });

  it('computes DSO from the same receivables and sales as the collection index, and explains both', () => {
    const { sim } = issueScenario();
    const balances = foldAll(balancesProjection, sim.events);
    const period = { from: '2026-03-01', to: '2026-04-30' };
    const cei = collectionEffectivenessIndex(balances, period);
    // 2,225.25 open of 2,450.50 sold over 61 days: 55.39 days.
    expect(daysSalesOutstanding(cei, period)).toEqual([
      {
        currency: 'USD',
        endingReceivables: '2225.25',
        creditSales: '2450.50',
        days: 61,
        dsoDays: '55.39',
      },
    ]);
    const explained = explainMetrics(balances, disputeActivityProjection.initial(), period);
    expect(explained.creditSales.map((row) => row.total)).toEqual(['1200.00', '800.00', '450.50']);
    expect(
      explained.endingReceivables.reduce(
        (sum, row) => sum.add(Money.of(row.amountOpen, 'USD')),
        Money.zero('USD'),
      ).amount,
    ).toBe('2225.25');
    expect(explained.overdue.every((row) => row.overdue)).toBe(true);
    // As of 31 March (before the bounce), the turnaround's three invoices and their days.
    const beforeBounce = explainMetrics(balances, disputeActivityProjection.initial(), {
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(beforeBounce.paymentTurnaround.map((row) => [row.number, row.days])).toEqual([
      ['INV-2026-000001', 19],
      ['INV-2026-000002', 15],
      ['INV-2026-000003', 15],
    ]);
  });
});
