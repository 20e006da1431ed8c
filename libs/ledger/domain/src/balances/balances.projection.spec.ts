import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { BillingSimulator } from '../../testing/billing-simulator';
import { balancesProjection } from './balances.projection';
import {
  accountBalances,
  invoiceOpenAsOf,
  invoicesOfAccount,
  openAmountDiscrepancies,
} from './balances.query';

describe('balances', () => {
  it("gives the account's figures after the issue scenario: the bounced payment reopens 2,225.25", () => {
    const { sim, account } = issueScenario();
    const [usd] = accountBalances(foldAll(balancesProjection, sim.events), account);
    expect(usd).toEqual({
      billingAccountId: account,
      currency: 'USD',
      invoiced: '2450.50',
      voided: '0.00',
      credited: '0.00',
      paid: '225.25',
      writtenOff: '0.00',
      received: '2525.25',
      refunded: '0.00',
      reversed: '2225.25',
      unappliedCredit: '74.75',
      openReceivable: '2225.25',
      balanceDue: '2150.50',
      counts: {
        invoicesIssued: 3,
        invoicesVoided: 0,
        creditNotes: 0,
        writeOffs: 0,
        paymentsReceived: 2,
        paymentsReversed: 1,
        allocationsApplied: 4,
        allocationsReversed: 3,
        refunds: 0,
      },
    });
  });

  it('keeps per-invoice open amounts that agree with invoicing', () => {
    const { sim, account } = issueScenario();
    const state = foldAll(balancesProjection, sim.events);
    expect(
      invoicesOfAccount(state, account).map((i) => [
        i.number,
        i.amountOpen,
        i.reportedAmountOpen,
        i.paid,
        i.status,
      ]),
    ).toEqual([
      ['INV-2026-000001', '1200.00', '1200.00', '0.00', 'issued'],
      ['INV-2026-000002', '800.00', '800.00', '0.00', 'issued'],
      ['INV-2026-000003', '225.25', '225.25', '225.25', 'partially_paid'],
    ]);
    expect(openAmountDiscrepancies(state)).toEqual([]);
  });

  it('reports an invoice whose open amount in invoicing differs from the ledger', () => {
    const { sim, inv1, account } = issueScenario();
    sim.emit(`invoice-${inv1}`, 'InvoiceWrittenOff', {
      invoiceId: inv1,
      billingAccountId: account,
      writeOffId: 'wo-x',
      currency: 'USD',
      amount: '100.00',
      amountOpen: '1000.00',
      status: 'partially_paid',
      reason: 'test',
      writtenOffAt: '2026-04-03T09:00:00.000Z',
    });
    expect(openAmountDiscrepancies(foldAll(balancesProjection, sim.events))).toEqual([
      {
        invoiceId: inv1,
        number: 'INV-2026-000001',
        ledgerAmountOpen: '1100.00',
        invoicingAmountOpen: '1000.00',
      },
    ]);
  });

  it('reads an invoice open amount as of any business date from its dated movements', () => {
    const { sim, inv3 } = issueScenario();
    const invoice = foldAll(balancesProjection, sim.events).invoices[inv3];
    if (invoice === undefined) throw new Error('missing invoice');
    expect(invoiceOpenAsOf(invoice, '2026-03-09').amount).toBe('0.00');
    expect(invoiceOpenAsOf(invoice, '2026-03-10').amount).toBe('450.50');
    expect(invoiceOpenAsOf(invoice, '2026-03-20').amount).toBe('225.25');
    expect(invoiceOpenAsOf(invoice, '2026-03-25').amount).toBe('0.00');
    expect(invoiceOpenAsOf(invoice, '2026-04-02').amount).toBe('225.25');
    expect(invoice.fullyPaidOn).toBeNull();
  });

  it("dates a payment's application by the day the money was received, not the day it was applied", () => {
    const sim = new BillingSimulator('2026-03-02');
    const account = 'acc-received';
    const invoiceId = sim.issueInvoice({
      billingAccountId: account,
      currency: 'USD',
      subtotal: '100.00',
      taxTotal: '0.00',
    });
    sim.advanceDays(18); // received on 2026-03-20 ...
    const paymentId = sim.receivePayment({
      billingAccountId: account,
      currency: 'USD',
      amount: '100.00',
    });
    sim.advanceDays(16); // ... applied on 2026-04-05
    sim.allocate(paymentId, [{ invoiceId, amount: '100.00' }]);
    const invoice = foldAll(balancesProjection, sim.events).invoices[invoiceId];
    if (invoice === undefined) throw new Error('missing invoice');
    expect(invoice.fullyPaidOn).toBe('2026-03-20');
    expect(invoiceOpenAsOf(invoice, '2026-03-19').amount).toBe('100.00');
    expect(invoiceOpenAsOf(invoice, '2026-03-31').amount).toBe('0.00');
  });

  it('takes refunds, credit notes, write-offs and voids out of the right figures', () => {
    const { sim, account, inv2, inv3, pay2 } = issueScenario();
    sim.creditNote(inv2, '100.00');
    sim.refund(pay2, '50.00');
    sim.writeOff(inv3, '25.25');
    const inv4 = sim.issueInvoice({
      billingAccountId: account,
      currency: 'USD',
      subtotal: '10.00',
      taxTotal: '1.00',
    });
    sim.voidInvoice(inv4);
    const [usd] = accountBalances(foldAll(balancesProjection, sim.events), account);
    expect(usd).toMatchObject({
      invoiced: '2461.50',
      voided: '11.00',
      credited: '100.00',
      writtenOff: '25.25',
      refunded: '50.00',
      unappliedCredit: '24.75',
      openReceivable: '2100.00',
      balanceDue: '2075.25',
    });
    expect(usd?.counts).toMatchObject({
      invoicesVoided: 1,
      creditNotes: 1,
      writeOffs: 1,
      refunds: 1,
    });
  });

  it('keeps an account with two currencies in two balances', () => {
    const sim = new BillingSimulator();
    sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'USD',
      subtotal: '10.00',
      taxTotal: '0.00',
    });
    sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'BHD',
      subtotal: '1.500',
      taxTotal: '0.150',
    });
    expect(
      accountBalances(foldAll(balancesProjection, sim.events), 'a').map((b) => [
        b.currency,
        b.openReceivable,
      ]),
    ).toEqual([
      ['BHD', '1.650'],
      ['USD', '10.00'],
    ]);
    expect(accountBalances(foldAll(balancesProjection, sim.events), 'nobody')).toEqual([]);
  });
});
