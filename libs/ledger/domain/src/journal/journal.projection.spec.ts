import { InvariantViolation } from '@billing/kernel';
import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { BillingSimulator } from '../../testing/billing-simulator';
import { journalProjection } from './journal.projection';
import { entriesForAccount, ledgerAccountBalance, trialBalance } from './journal.query';
import type { LedgerEvent } from '../shared/ledger-event';

function linesOf(events: LedgerEvent[], eventType: string) {
  const state = foldAll(journalProjection, events);
  return state.entries
    .filter((e) => e.eventType === eventType)
    .map((e) => e.lines.map((l) => `${l.side} ${l.ledgerAccount} ${l.amount}`));
}

describe('journal', () => {
  it('posts the issue scenario to a trial balance that nets to zero, with the bounced payment taken out of cash', () => {
    const { sim } = issueScenario();
    const state = foldAll(journalProjection, sim.events);
    const [usd] = trialBalance(state);
    expect(usd?.currency).toBe('USD');
    expect(usd?.net).toBe('0.00');
    const balances = Object.fromEntries((usd?.rows ?? []).map((r) => [r.ledgerAccount, r.balance]));
    expect(balances).toEqual({
      accounts_receivable: '2225.25',
      cash: '300.00',
      unapplied_cash: '-74.75',
      revenue: '-2042.09',
      sales_credits: '0.00',
      tax_payable: '-408.41',
      bad_debt_expense: '0.00',
    });
    expect(usd?.debitTotal).toBe(usd?.creditTotal);
  });

  it('posts an issued invoice as receivable against net revenue and tax', () => {
    const { sim } = issueScenario();
    expect(linesOf(sim.events, 'InvoiceIssued')[2]).toEqual([
      'debit accounts_receivable 450.50',
      'credit revenue 375.42',
      'credit tax_payable 75.08',
    ]);
  });

  it('posts an application from the invoice side only, so the payment side confirmation does not count twice', () => {
    const { sim } = issueScenario();
    const state = foldAll(journalProjection, sim.events);
    const types = state.entries.map((e) => e.eventType);
    expect(types).not.toContain('PaymentAllocated');
    expect(types).not.toContain('AllocationConfirmed');
    expect(types.filter((t) => t === 'PaymentAllocationApplied')).toHaveLength(4);
    expect(linesOf(sim.events, 'PaymentAllocationApplied')[0]).toEqual([
      'debit unapplied_cash 1200.00',
      'credit accounts_receivable 1200.00',
    ]);
  });

  it('reverses the whole bounced payment out of cash and puts each reversed allocation back on the receivable', () => {
    const { sim } = issueScenario();
    expect(linesOf(sim.events, 'PaymentReversed')).toEqual([
      ['debit unapplied_cash 2225.25', 'credit cash 2225.25'],
    ]);
    expect(linesOf(sim.events, 'PaymentAllocationReversed')).toEqual([
      ['debit accounts_receivable 1200.00', 'credit unapplied_cash 1200.00'],
      ['debit accounts_receivable 800.00', 'credit unapplied_cash 800.00'],
      ['debit accounts_receivable 225.25', 'credit unapplied_cash 225.25'],
    ]);
  });

  it('takes a chargeback out of cash, from unapplied credit first, and puts the charged-back allocation back on the receivable', () => {
    const { sim, pay2 } = issueScenario();
    // pay2 (300.00) paid 225.25 of invoice 3 and left 74.75 unapplied.
    sim.chargeBack(pay2, '300.00');
    expect(linesOf(sim.events, 'UnappliedCreditChargedBack')).toEqual([
      ['debit unapplied_cash 74.75', 'credit cash 74.75'],
    ]);
    expect(linesOf(sim.events, 'ChargebackReceived')).toEqual([
      ['debit unapplied_cash 225.25', 'credit cash 225.25'],
    ]);
    const state = foldAll(journalProjection, sim.events);
    expect(ledgerAccountBalance(state, 'USD', 'unapplied_cash')).toBe('0.00');
    expect(ledgerAccountBalance(state, 'USD', 'cash')).toBe('0.00');
    expect(trialBalance(state)[0]?.net).toBe('0.00');
  });

  it('credits, refunds, writes off and voids with the documented postings', () => {
    const { sim, inv2, inv3, pay2, account } = issueScenario();
    sim.creditNote(inv2, '100.00');
    sim.refund(pay2, '74.75');
    sim.writeOff(inv3, '225.25');
    const inv4 = sim.issueInvoice({
      billingAccountId: account,
      currency: 'USD',
      subtotal: '50.00',
      taxTotal: '0.00',
    });
    sim.voidInvoice(inv4);
    expect(linesOf(sim.events, 'CreditNoteIssued')).toEqual([
      ['debit sales_credits 83.33', 'debit tax_payable 16.67', 'credit accounts_receivable 100.00'],
    ]);
    expect(linesOf(sim.events, 'UnappliedCreditRefunded')).toEqual([
      ['debit unapplied_cash 74.75', 'credit cash 74.75'],
    ]);
    expect(linesOf(sim.events, 'InvoiceWrittenOff')).toEqual([
      ['debit bad_debt_expense 225.25', 'credit accounts_receivable 225.25'],
    ]);
    // A tax-free invoice has no tax line, and its void reverses exactly what was posted.
    expect(linesOf(sim.events, 'InvoiceVoided')).toEqual([
      ['debit revenue 50.00', 'credit accounts_receivable 50.00'],
    ]);
    const state = foldAll(journalProjection, sim.events);
    expect(ledgerAccountBalance(state, 'USD', 'accounts_receivable')).toBe('1900.00');
    expect(ledgerAccountBalance(state, 'USD', 'unapplied_cash')).toBe('0.00');
    expect(ledgerAccountBalance(state, 'USD', 'cash')).toBe('225.25');
    expect(trialBalance(state)[0]?.net).toBe('0.00');
  });

  it('references the event, its position and the billing account on every entry', () => {
    const { sim, account } = issueScenario();
    const state = foldAll(journalProjection, sim.events);
    const entries = entriesForAccount(state, account);
    expect(entries).toHaveLength(state.entries.length);
    const first = entries[0];
    expect(first).toMatchObject({
      eventId: sim.events[0]?.eventId,
      globalPosition: 1,
      billingAccountId: account,
      currency: 'USD',
      businessDate: '2026-03-01',
      reference: 'invoice INV-2026-000001',
    });
  });

  it('keeps currencies apart: each has its own trial balance', () => {
    const sim = new BillingSimulator();
    sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'EUR',
      subtotal: '10.00',
      taxTotal: '2.00',
    });
    sim.issueInvoice({ billingAccountId: 'b', currency: 'JPY', subtotal: '1000', taxTotal: '100' });
    const balances = trialBalance(foldAll(journalProjection, sim.events));
    expect(balances.map((b) => [b.currency, b.net, b.debitTotal])).toEqual([
      ['EUR', '0.00', '12.00'],
      ['JPY', '0', '1100'],
    ]);
  });

  it('refuses a credit note whose net and tax do not add up to its amount, instead of posting it', () => {
    const sim = new BillingSimulator();
    const invoiceId = sim.issueInvoice({
      billingAccountId: 'a',
      currency: 'USD',
      subtotal: '100.00',
      taxTotal: '20.00',
    });
    const broken = sim.emit(`invoice-${invoiceId}`, 'CreditNoteIssued', {
      invoiceId,
      billingAccountId: 'a',
      creditNoteId: 'cn-x',
      number: 'CN-X',
      currency: 'USD',
      amount: '50.00',
      netAmount: '40.00',
      taxAmount: '9.99',
      reason: 'goodwill',
      issueDate: '2026-03-01',
      amountOpen: '70.00',
      status: 'issued',
    });
    const before = foldAll(journalProjection, sim.events.slice(0, 1));
    expect(() => journalProjection.apply(before, broken)).toThrow(InvariantViolation);
    expect(() => journalProjection.apply(before, broken)).toThrow(
      /unbalanced: debits 49.99 USD, credits 50.00 USD/,
    );
  });

  it('records, rather than posts, an application to an invoice it never saw issued', () => {
    const sim = new BillingSimulator();
    const event = sim.emit('invoice-ghost', 'PaymentAllocationApplied', {
      invoiceId: 'ghost',
      billingAccountId: 'a',
      paymentId: 'p',
      allocationId: 'al',
      currency: 'USD',
      amountApplied: '5.00',
      amountOpen: '0.00',
      status: 'paid',
    });
    const state = journalProjection.apply(journalProjection.initial(), event);
    expect(state.entries).toEqual([]);
    expect(state.skipped).toEqual([
      {
        eventId: event.eventId,
        eventType: 'PaymentAllocationApplied',
        globalPosition: 1,
        reason: 'invoice ghost was never issued in the events folded so far',
      },
    ]);
  });

  it('ignores event types it does not know and leaves the state it was given untouched', () => {
    const { sim } = issueScenario();
    const state = foldAll(journalProjection, sim.events);
    const snapshot = JSON.stringify(state);
    const unknown = { ...(sim.events[0] as LedgerEvent), type: 'SomethingNew', eventId: 'evt-new' };
    expect(journalProjection.apply(state, unknown)).toBe(state);
    journalProjection.apply(state, sim.events[0] as LedgerEvent);
    expect(JSON.stringify(state)).toBe(snapshot);
  });
});
