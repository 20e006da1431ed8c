import fc from 'fast-check';
import { Money } from '@billing/money';
import { serialize } from './shared/canonical-json';
import { foldAll } from './shared/projection';
import { ledgerProjection, type LedgerState } from './ledger.projection';
import { ledgerAccountBalance, trialBalance } from './journal/journal.query';
import { allAccountBalances, openAmountDiscrepancies } from './balances/balances.query';
import { agingReport } from './aging/aging.query';
import { customerStatement } from './statement/statement.query';
import { auditTrailOf } from './audit-trail/audit-trail.query';
import { replayAsOf } from './point-in-time/replay-as-of';
import { addDays } from './shared/business-date';
import { billingIntents, simulate } from '../testing/billing-arbitraries';
import type { BillingSimulator } from '../testing/billing-simulator';

const SEQUENCE_RUNS = { numRuns: 200 };

function sumBy<T>(items: T[], currency: string, amountOf: (item: T) => Money): Money {
  return Money.sum(items.map(amountOf), currency);
}

/** Everything that must hold after any valid sequence, checked against the simulator's own count. */
function assertLedgerInvariants(state: LedgerState, sim: BillingSimulator): void {
  for (const tb of trialBalance(state.journal)) {
    expect(Money.of(tb.net, tb.currency).isZero()).toBe(true);
    expect(tb.debitTotal).toBe(tb.creditTotal);
  }
  const accounts = allAccountBalances(state.balances);
  const invoices = Object.values(state.balances.invoices);
  for (const account of accounts) {
    const c = account.currency;
    const mine = invoices.filter(
      (i) => i.billingAccountId === account.billingAccountId && i.currency === c,
    );
    expect(account.openReceivable).toBe(sumBy(mine, c, (i) => Money.of(i.amountOpen, c)).amount);
    const m = (v: string) => Money.of(v, c);
    expect(account.unappliedCredit).toBe(
      m(account.received)
        .subtract(m(account.paid))
        .subtract(m(account.refunded))
        .subtract(m(account.reversed)).amount,
    );
    // Independent count: what the simulated payments say is still unapplied from the ledger's view.
    const payments = [...sim.payments.values()].filter(
      (p) => p.billingAccountId === account.billingAccountId && p.currency === c,
    );
    const appliedNet = (paymentId: string) =>
      sumBy(
        [...sim.invoices.values()].flatMap((i) =>
          [...i.applied.values()].filter((a) => a.paymentId === paymentId && !a.reversed),
        ),
        c,
        (a) => a.amount,
      );
    const expectedUnapplied = sumBy(payments, c, (p) =>
      p.amount.subtract(appliedNet(p.paymentId)).subtract(p.refunded).subtract(p.released),
    );
    expect(account.unappliedCredit).toBe(expectedUnapplied.amount);
    // The customer statement over all time ends at the balance due.
    const statement = customerStatement(state.statement, account.billingAccountId, {
      from: '2000-01-01',
      to: '2999-12-31',
    });
    expect(statement.currencies.find((s) => s.currency === c)?.closingBalance).toBe(
      account.balanceDue,
    );
  }
  for (const invoice of invoices) {
    expect(invoice.amountOpen).toBe(sim.invoice(invoice.invoiceId).open.amount);
  }
  expect(openAmountDiscrepancies(state.balances)).toEqual([]);
  // Journal and balances agree per currency: receivables and customer credit.
  const currencies = [...new Set(accounts.map((a) => a.currency))];
  for (const c of currencies) {
    const ofCurrency = accounts.filter((a) => a.currency === c);
    expect(ledgerAccountBalance(state.journal, c, 'accounts_receivable')).toBe(
      sumBy(ofCurrency, c, (a) => Money.of(a.openReceivable, c)).amount,
    );
    expect(ledgerAccountBalance(state.journal, c, 'unapplied_cash')).toBe(
      sumBy(ofCurrency, c, (a) => Money.of(a.unappliedCredit, c)).negate().amount,
    );
    const aging = agingReport(state.balances, { asOf: '2999-12-31' }).totals.find(
      (t) => t.currency === c,
    );
    expect(aging?.buckets.total ?? Money.zero(c).amount).toBe(
      sumBy(ofCurrency, c, (a) => Money.of(a.openReceivable, c)).amount,
    );
  }
  expect(state.journal.skipped).toEqual([]);
  expect(state.balances.skipped).toEqual([]);
}

describe('ledger properties over random billing sequences', () => {
  it('keeps the books balanced and every figure consistent with the others', () => {
    fc.assert(
      fc.property(billingIntents(40), (intents) => {
        const sim = simulate(intents);
        assertLedgerInvariants(foldAll(ledgerProjection, sim.events), sim);
      }),
      SEQUENCE_RUNS,
    );
  });

  it('folds to the same bytes twice, and event by event to the same bytes as in one batch', () => {
    fc.assert(
      fc.property(billingIntents(30), fc.nat(), (intents, cut) => {
        const { events } = simulate(intents);
        const once = serialize(foldAll(ledgerProjection, events));
        expect(serialize(foldAll(ledgerProjection, events))).toBe(once);
        const stepwise = events.reduce(
          (state, event) => ledgerProjection.apply(state, event),
          ledgerProjection.initial(),
        );
        expect(serialize(stepwise)).toBe(once);
        const at = cut % (events.length + 1);
        const resumed = ledgerProjection.fold(
          foldAll(ledgerProjection, events.slice(0, at)),
          events.slice(at),
        );
        expect(serialize(resumed)).toBe(once);
        // In place, in batches cut anywhere: the same bytes, and the earlier states untouched.
        const draft = ledgerProjection.initial();
        const before = serialize(draft);
        const kept = ledgerProjection.initial();
        ledgerProjection.foldInto(draft, events.slice(0, at));
        ledgerProjection.foldInto(draft, events.slice(at));
        expect(serialize(draft)).toBe(once);
        expect(serialize(kept)).toBe(before);
      }),
      SEQUENCE_RUNS,
    );
  });

  it('balances at every position: any replayed prefix nets to zero and agrees with itself', () => {
    fc.assert(
      fc.property(billingIntents(30), fc.nat(), (intents, cut) => {
        const { events } = simulate(intents);
        const position = cut % (events.length + 1);
        const past = replayAsOf(ledgerProjection, events, { position });
        for (const tb of trialBalance(past.journal))
          expect(Money.of(tb.net, tb.currency).isZero()).toBe(true);
        for (const account of allAccountBalances(past.balances)) {
          expect(
            auditTrailOf(past.auditTrail, account.billingAccountId).every(
              (e) => e.globalPosition <= position,
            ),
          ).toBe(true);
        }
        expect(serialize(past)).toBe(
          serialize(foldAll(ledgerProjection, events.slice(0, position))),
        );
        // The simulated store commits in position order, so the commit time of the last event
        // folded names the same moment as its position.
        const last = events[position - 1];
        if (last !== undefined) {
          const byTime = replayAsOf(ledgerProjection, events, { recordedAt: last.recordedAt });
          expect(serialize(byTime)).toBe(serialize(past));
        }
      }),
      SEQUENCE_RUNS,
    );
  });

  it('chains statements: one period closes where the next one opens, and aging buckets add up', () => {
    fc.assert(
      fc.property(billingIntents(30), fc.integer({ min: 0, max: 400 }), (intents, splitDay) => {
        const sim = simulate(intents);
        const state = foldAll(ledgerProjection, sim.events);
        const split = addDays('2026-01-05', splitDay);
        for (const account of allAccountBalances(state.balances)) {
          const id = account.billingAccountId;
          const first = customerStatement(state.statement, id, { from: '2026-01-01', to: split });
          const second = customerStatement(state.statement, id, {
            from: addDays(split, 1),
            to: '2999-12-31',
          });
          for (const section of first.currencies) {
            const next = second.currencies.find((c) => c.currency === section.currency);
            expect(next?.openingBalance).toBe(section.closingBalance);
          }
        }
        for (const total of agingReport(state.balances, { asOf: split }).totals) {
          const c = total.currency;
          const { total: sum, ...buckets } = total.buckets;
          expect(sumBy(Object.values(buckets), c, (v) => Money.of(v, c)).amount).toBe(sum);
        }
      }),
      SEQUENCE_RUNS,
    );
  });
});
