import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { BillingSimulator } from '../../testing/billing-simulator';
import { statementProjection } from './statement.projection';
import { customerStatement } from './statement.query';

describe('customer statement', () => {
  it('lists March of the issue scenario: three invoices, two payments, the customer ends in credit', () => {
    const { sim, account } = issueScenario();
    const statement = customerStatement(foldAll(statementProjection, sim.events), account, {
      from: '2026-03-01',
      to: '2026-03-31',
    });
    const [usd] = statement.currencies;
    expect(usd?.openingBalance).toBe('0.00');
    expect(
      usd?.lines.map((l) => [l.businessDate, l.kind, l.reference, l.amount, l.runningBalance]),
    ).toEqual([
      ['2026-03-01', 'invoice', 'INV-2026-000001', '1200.00', '1200.00'],
      ['2026-03-05', 'invoice', 'INV-2026-000002', '800.00', '2000.00'],
      ['2026-03-10', 'invoice', 'INV-2026-000003', '450.50', '2450.50'],
      ['2026-03-20', 'payment', 'BANK-REF-001', '-2225.25', '225.25'],
      ['2026-03-25', 'payment', 'BANK-REF-002', '-300.00', '-74.75'],
    ]);
    expect(usd).toMatchObject({ charges: '2450.50', credits: '2525.25', closingBalance: '-74.75' });
  });

  it('opens April with March closing and shows the bounced payment with its bank reference', () => {
    const { sim, account } = issueScenario();
    const [usd] = customerStatement(foldAll(statementProjection, sim.events), account, {
      from: '2026-04-01',
      to: '2026-04-30',
    }).currencies;
    expect(usd?.openingBalance).toBe('-74.75');
    expect(
      usd?.lines.map((l) => [l.kind, l.reference, l.amount, l.runningBalance, l.description]),
    ).toEqual([
      [
        'payment_reversal',
        'BANK-REF-001',
        '2225.25',
        '2150.50',
        'Payment BANK-REF-001 reversed: NSF: insufficient funds',
      ],
    ]);
    expect(usd?.closingBalance).toBe('2150.50');
  });

  it('shows credit notes, write-offs, refunds and voids with their references', () => {
    const { sim, account, inv2, inv3, pay2 } = issueScenario();
    sim.advanceDays(1);
    sim.creditNote(inv2, '100.00');
    sim.refund(pay2, '74.75');
    sim.writeOff(inv3, '225.25');
    const inv4 = sim.issueInvoice({
      billingAccountId: account,
      currency: 'USD',
      subtotal: '10.00',
      taxTotal: '0.00',
    });
    sim.voidInvoice(inv4);
    const [usd] = customerStatement(foldAll(statementProjection, sim.events), account, {
      from: '2026-04-03',
      to: '2026-04-03',
    }).currencies;
    expect(usd?.openingBalance).toBe('2150.50');
    expect(usd?.lines.map((l) => [l.kind, l.reference, l.amount, l.runningBalance])).toEqual([
      ['credit_note', 'CN-2026-000001', '-100.00', '2050.50'],
      ['refund', 'BANK-REF-002', '74.75', '2125.25'],
      ['write_off', 'INV-2026-000003', '-225.25', '1900.00'],
      ['invoice', 'INV-2026-000004', '10.00', '1910.00'],
      ['invoice_voided', 'INV-2026-000004', '-10.00', '1900.00'],
    ]);
    expect(usd?.closingBalance).toBe('1900.00');
  });

  it('gives one section per currency and none for an account without movements', () => {
    const sim = new BillingSimulator();
    sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'USD',
      subtotal: '10.00',
      taxTotal: '0.00',
    });
    sim.receivePayment({ billingAccountId: 'a', currency: 'JPY', amount: '500' });
    const state = foldAll(statementProjection, sim.events);
    const statement = customerStatement(state, 'a', { from: '2026-01-01', to: '2026-12-31' });
    expect(statement.currencies.map((c) => [c.currency, c.closingBalance])).toEqual([
      ['JPY', '-500'],
      ['USD', '10.00'],
    ]);
    expect(
      customerStatement(state, 'b', { from: '2026-01-01', to: '2026-12-31' }).currencies,
    ).toEqual([]);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() =>
      customerStatement(statementProjection.initial(), 'a', {
        from: '2026-02-01',
        to: '2026-01-31',
      }),
    ).toThrow(/after it ends/);
  });
});
