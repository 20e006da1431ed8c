import { foldAll } from './shared/projection';
import { serialize } from './shared/canonical-json';
import { BillingSimulator } from '../testing/billing-simulator';
import { ledgerProjection } from './ledger.projection';
import { accountBalances } from './balances/balances.query';
import { trialBalance } from './journal/journal.query';
import { customerStatement } from './statement/statement.query';
import { auditTrailOf, followPayment } from './audit-trail/audit-trail.query';

describe('ledger projection', () => {
  it('treats ids such as __proto__ and constructor as ordinary keys', () => {
    const sim = new BillingSimulator();
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const invoiceId = sim.issueInvoice({
        billingAccountId: id,
        currency: 'USD',
        subtotal: '10.00',
        taxTotal: '1.00',
        invoiceId: id,
      });
      const paymentId = sim.receivePayment({
        billingAccountId: id,
        currency: 'USD',
        amount: '4.00',
        paymentId: id,
      });
      sim.allocate(paymentId, [{ invoiceId, amount: '4.00' }]);
    }
    const state = foldAll(ledgerProjection, sim.events);
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty']) {
      expect(accountBalances(state.balances, id).map((b) => b.openReceivable)).toEqual(['7.00']);
      expect(
        customerStatement(state.statement, id, { from: '2026-01-01', to: '2026-12-31' })
          .currencies[0]?.closingBalance,
      ).toBe('7.00');
      expect(auditTrailOf(state.auditTrail, id)).toHaveLength(5);
      expect(followPayment(state.auditTrail, id)?.invoices[0]?.amountApplied).toBe('4.00');
    }
    expect(trialBalance(state.journal)[0]?.net).toBe('0.00');
    // Writing the `__proto__` account stored an entry; it did not swap the record's prototype.
    expect(Object.getPrototypeOf(state.balances.accounts).USD).toBeUndefined();
    expect(JSON.parse(serialize(state)).balances.invoices.__proto__.amountOpen).toBe('7.00');
    expect(({} as Record<string, unknown>)['openReceivable']).toBeUndefined();
  });
});
