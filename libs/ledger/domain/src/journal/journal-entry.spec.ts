import fc from 'fast-check';
import { Money, MoneyDecimal } from '@billing/money';
import { InvariantViolation } from '@billing/kernel';
import { assertBalanced, line, type JournalEntry, type JournalLine } from './journal-entry';
import { ledgerAccountIds } from './chart-of-accounts';

function entryWith(lines: JournalLine[], currency = 'USD'): JournalEntry {
  return {
    entryId: 'e',
    eventId: 'e',
    eventType: 'Test',
    globalPosition: 1,
    billingAccountId: 'a',
    currency,
    businessDate: '2026-01-01',
    reference: 'test',
    lines,
  };
}

const cents = fc
  .integer({ min: 1, max: 10_000_000 })
  .map((units) => Money.fromDecimal(new MoneyDecimal(units).dividedBy(100), 'USD'));
const account = fc.constantFrom(...ledgerAccountIds);

describe('journal entry balance check', () => {
  it('accepts any split of equal debits and credits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cents, account), { minLength: 1, maxLength: 6 }),
        account,
        (debits, creditAccount) => {
          const total = Money.sum(
            debits.map(([amount]) => amount),
            'USD',
          );
          const lines = [
            ...debits.map(([amount, id]) => line(id, 'debit', amount.amount)),
            line(creditAccount, 'credit', total.amount),
          ];
          expect(() => assertBalanced(entryWith(lines))).not.toThrow();
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses an entry one minor unit out of balance', () => {
    fc.assert(
      fc.property(cents, fc.boolean(), (amount, more) => {
        const off = more
          ? amount.add(Money.of('0.01', 'USD'))
          : amount.subtract(Money.of('0.01', 'USD'));
        fc.pre(off.isPositive());
        const lines = [
          line('cash', 'debit', amount.amount),
          line('unapplied_cash', 'credit', off.amount),
        ];
        expect(() => assertBalanced(entryWith(lines))).toThrow(InvariantViolation);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses zero or negative lines and single-line entries', () => {
    expect(() =>
      assertBalanced(entryWith([line('cash', 'debit', '0.00'), line('revenue', 'credit', '0.00')])),
    ).toThrow(/must be positive/);
    expect(() =>
      assertBalanced(
        entryWith([line('cash', 'debit', '-1.00'), line('revenue', 'credit', '-1.00')]),
      ),
    ).toThrow(/must be positive/);
    expect(() => assertBalanced(entryWith([line('cash', 'debit', '1.00')]))).toThrow(
      /at least two lines/,
    );
  });
});
