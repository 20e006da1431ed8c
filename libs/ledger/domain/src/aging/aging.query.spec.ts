import fc from 'fast-check';
import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { BillingSimulator } from '../../testing/billing-simulator';
import { balancesProjection } from '../balances/balances.projection';
import { agingBucketOf, agingReport } from './aging.query';

describe('aging', () => {
  it('ages the reopened invoices of the issue scenario by days past due', () => {
    const { sim, account } = issueScenario();
    const state = foldAll(balancesProjection, sim.events);
    const report = agingReport(state, { asOf: '2026-04-15' });
    expect(report.accounts).toHaveLength(1);
    expect(
      report.accounts[0]?.invoices.map((i) => [i.number, i.daysPastDue, i.bucket, i.amountOpen]),
    ).toEqual([
      ['INV-2026-000001', 15, 'days1To30', '1200.00'],
      ['INV-2026-000002', 11, 'days1To30', '800.00'],
      ['INV-2026-000003', 6, 'days1To30', '225.25'],
    ]);
    expect(report.totals).toEqual([
      {
        currency: 'USD',
        buckets: {
          current: '0.00',
          days1To30: '2225.25',
          days31To60: '0.00',
          days61To90: '0.00',
          over90: '0.00',
          total: '2225.25',
        },
      },
    ]);
    expect(
      agingReport(state, { asOf: '2026-05-15', billingAccountId: account }).totals[0]?.buckets
        .days31To60,
    ).toBe('2225.25');
  });

  it('ages as of an earlier business date with the open amounts of that date', () => {
    const { sim } = issueScenario();
    const state = foldAll(balancesProjection, sim.events);
    // On 15 March nothing was paid yet and nothing was due.
    expect(agingReport(state, { asOf: '2026-03-15' }).totals[0]?.buckets).toMatchObject({
      current: '2450.50',
      total: '2450.50',
    });
    // On 28 March everything was paid: nothing to age.
    expect(agingReport(state, { asOf: '2026-03-28' })).toEqual({
      asOf: '2026-03-28',
      accounts: [],
      totals: [],
    });
    // Before the first invoice.
    expect(agingReport(state, { asOf: '2026-02-01' }).accounts).toEqual([]);
  });

  it('puts amounts in every bucket and adds them per currency over accounts', () => {
    const sim = new BillingSimulator('2026-01-01');
    sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'EUR',
      subtotal: '1.00',
      taxTotal: '0.00',
      termsDays: 0,
    }); // due 01-01
    sim.advanceDays(40);
    sim.issueInvoice({
      billingAccountId: 'b',
      currency: 'EUR',
      subtotal: '2.00',
      taxTotal: '0.00',
      termsDays: 0,
    }); // due 02-10
    sim.advanceDays(40);
    sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'EUR',
      subtotal: '4.00',
      taxTotal: '0.00',
      termsDays: 0,
    }); // due 03-22
    sim.advanceDays(25);
    sim.issueInvoice({
      billingAccountId: 'b',
      currency: 'EUR',
      subtotal: '8.00',
      taxTotal: '0.00',
      termsDays: 0,
    }); // due 04-16
    sim.issueInvoice({
      billingAccountId: 'b',
      currency: 'EUR',
      subtotal: '16.00',
      taxTotal: '0.00',
      termsDays: 30,
    });
    const report = agingReport(foldAll(balancesProjection, sim.events), { asOf: '2026-04-20' });
    expect(report.totals).toEqual([
      {
        currency: 'EUR',
        buckets: {
          current: '16.00',
          days1To30: '12.00',
          days31To60: '0.00',
          days61To90: '2.00',
          over90: '1.00',
          total: '31.00',
        },
      },
    ]);
    expect(report.accounts.map((a) => [a.billingAccountId, a.buckets.total])).toEqual([
      ['a', '5.00'],
      ['b', '26.00'],
    ]);
  });

  it('buckets days past due at the documented edges', () => {
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(agingBucketOf)).toEqual([
      'current',
      'current',
      'days1To30',
      'days1To30',
      'days31To60',
      'days31To60',
      'days61To90',
      'days61To90',
      'over90',
      'over90',
    ]);
  });

  it('puts every number of days past due in exactly one bucket, never moving back as days pass', () => {
    const order = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'];
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 10000 }),
        fc.integer({ min: 0, max: 500 }),
        (days, later) => {
          expect(order.indexOf(agingBucketOf(days + later))).toBeGreaterThanOrEqual(
            order.indexOf(agingBucketOf(days)),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses an as-of date that is not a calendar date', () => {
    expect(() => agingReport(foldAll(balancesProjection, []), { asOf: '2026-02-30' })).toThrow(
      /calendar date/,
    );
  });
});
