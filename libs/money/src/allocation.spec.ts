import Decimal from 'decimal.js';
import { Money } from './money';
import { MoneyError } from './money-error';

const amounts = (parts: Money[]) => parts.map((part) => part.amount);

function errorOf(action: () => unknown): MoneyError {
  try {
    action();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

describe('Money.split', () => {
  it('gives the extra cent to the earlier parts', () => {
    expect(amounts(Money.of('1000.00', 'USD').split(3))).toEqual(['333.34', '333.33', '333.33']);
    expect(amounts(Money.of('0.05', 'USD').split(3))).toEqual(['0.02', '0.02', '0.01']);
    expect(amounts(Money.of('100', 'JPY').split(3))).toEqual(['34', '33', '33']);
    expect(amounts(Money.of('1', 'BHD').split(3))).toEqual(['0.334', '0.333', '0.333']);
  });

  it('splits a negative amount like its magnitude, negated', () => {
    expect(amounts(Money.of('-1000.00', 'USD').split(3))).toEqual([
      '-333.34',
      '-333.33',
      '-333.33',
    ]);
  });

  it('splits less than one minor unit per part into zeros and units', () => {
    expect(amounts(Money.of('0.02', 'USD').split(4))).toEqual(['0.01', '0.01', '0.00', '0.00']);
    expect(amounts(Money.zero('USD').split(2))).toEqual(['0.00', '0.00']);
  });

  it('allows 1 to 10000 parts', () => {
    expect(amounts(Money.of('7.77', 'USD').split(1))).toEqual(['7.77']);
    const parts = Money.of('100.00', 'USD').split(10_000);
    expect(parts).toHaveLength(10_000);
    expect(Money.sum(parts, 'USD').amount).toBe('100.00');
    for (const parts of [0, -1, 10_001, 1.5, NaN]) {
      expect(errorOf(() => Money.of('1', 'USD').split(parts)).code).toBe('INVALID_RATIO');
    }
  });
});

describe('Money.allocate', () => {
  it('allocates by largest remainder so the parts sum to the total', () => {
    // 100.00 * 1/6 = 16.666.., * 2/6 = 33.333.., * 3/6 = 50
    expect(amounts(Money.of('100.00', 'USD').allocate(['1', '2', '3']))).toEqual([
      '16.67',
      '33.33',
      '50.00',
    ]);
    // exact shares 0.7, 0.3 of 0.05 -> 0.035, 0.015: remainders tie, earlier part wins
    expect(amounts(Money.of('0.05', 'USD').allocate(['0.7', '0.3']))).toEqual(['0.04', '0.01']);
    expect(amounts(Money.of('10', 'JPY').allocate(['0.5', '0.25', '0.25']))).toEqual([
      '5',
      '3',
      '2',
    ]);
  });

  it('gives the leftover unit to the largest remainder, not simply the first part', () => {
    // exact shares 3.3333.., 6.6666..: the second has the larger remainder
    expect(amounts(Money.of('0.10', 'USD').allocate(['1', '2']))).toEqual(['0.03', '0.07']);
  });

  it('gives zero-ratio parts nothing', () => {
    expect(amounts(Money.of('100.00', 'USD').allocate(['0', '1', '0', '2']))).toEqual([
      '0.00',
      '33.33',
      '0.00',
      '66.67',
    ]);
  });

  it('allocates negative totals', () => {
    expect(amounts(Money.of('-0.10', 'USD').allocate(['1', '2']))).toEqual(['-0.03', '-0.07']);
    expect(amounts(Money.of('-1.000', 'KWD').allocate(['1', '1', '1']))).toEqual([
      '-0.334',
      '-0.333',
      '-0.333',
    ]);
  });

  it('accepts Decimal ratios and percentages written as fractions', () => {
    const parts = Money.of('1234.56', 'EUR').allocate([new Decimal('0.19'), '0.81']);
    expect(amounts(parts)).toEqual(['234.57', '999.99']);
  });

  it('refuses negative, non-decimal, all-zero or missing ratios', () => {
    const total = Money.of('1', 'USD');
    expect(errorOf(() => total.allocate(['1', '-1'])).message).toBe(
      'Ratio #2 is negative (-1); ratios must be 0 or more',
    );
    expect(errorOf(() => total.allocate(['0', '0'])).message).toBe(
      'At least one ratio must be positive',
    );
    expect(errorOf(() => total.allocate([])).code).toBe('INVALID_RATIO');
    expect(errorOf(() => total.allocate(['1e2'])).code).toBe('INVALID_RATIO');
    expect(errorOf(() => total.allocate([new Decimal(NaN)])).code).toBe('INVALID_RATIO');
    expect(errorOf(() => total.allocate([1 as unknown as string])).code).toBe('INVALID_RATIO');
    expect(errorOf(() => total.allocate(['1', '0.' + '0'.repeat(40) + '1'])).code).toBe(
      'INVALID_RATIO',
    );
  });

  it('keeps the sum exact at the largest amounts', () => {
    const total = Money.of('999999999999999999999999.99', 'USD');
    const parts = total.allocate(['1', '1', '1', '0.000001']);
    expect(Money.sum(parts, 'USD').equals(total)).toBe(true);
  });
});
