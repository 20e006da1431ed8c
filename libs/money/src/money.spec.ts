import Decimal from 'decimal.js';
import { Currency } from './currency';
import { Money } from './money';
import { MoneyError } from './money-error';
import { RoundingMode } from './rounding';

const usd = (amount: string) => Money.of(amount, 'USD');

function errorOf(action: () => unknown): MoneyError {
  try {
    action();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

describe('Money.of', () => {
  it.each([
    ['1200', 'USD', '1200.00'],
    ['1200.00', 'USD', '1200.00'],
    ['-3.5', 'USD', '-3.50'],
    ['0.01', 'EUR', '0.01'],
    ['5', 'JPY', '5'],
    ['-1500', 'KRW', '-1500'],
    ['1.5', 'BHD', '1.500'],
    ['0.001', 'KWD', '0.001'],
    ['2.1234', 'CLF', '2.1234'],
    ['-0.00', 'USD', '0.00'],
    ['999999999999999', 'USD', '999999999999999.00'],
  ])('reads %j %s as the canonical amount %j', (amount, currency, canonical) => {
    const money = Money.of(amount, currency);
    expect(money.amount).toBe(canonical);
    expect(money.currency.code).toBe(currency);
  });

  it('accepts a Currency as well as a code', () => {
    expect(Money.of('1', Currency.of('BHD')).toString()).toBe('1.000 BHD');
  });

  it.each([
    ['12.345', 'USD', 'Amount "12.345" has 3 decimals; USD allows at most 2'],
    ['5.5', 'JPY', 'Amount "5.5" has 1 decimal; JPY allows at most 0'],
    ['1200.00', 'JPY', 'Amount "1200.00" has 2 decimals; JPY allows at most 0'],
    ['1.5000', 'BHD', 'Amount "1.5000" has 4 decimals; BHD allows at most 3'],
  ])('refuses %j %s with TOO_MANY_DECIMALS rather than rounding', (amount, currency, message) => {
    const error = errorOf(() => Money.of(amount, currency));
    expect(error.code).toBe('TOO_MANY_DECIMALS');
    expect(error.message).toBe(message);
  });

  it.each([
    'NaN',
    'Infinity',
    '-Infinity',
    '',
    ' 1',
    '1 ',
    '1e3',
    '0x10',
    '+5',
    '.5',
    '5.',
    '1,000.00',
  ])('refuses %j with INVALID_AMOUNT', (amount) => {
    expect(errorOf(() => Money.of(amount, 'USD')).code).toBe('INVALID_AMOUNT');
  });

  it('refuses a JavaScript number passed from untyped code', () => {
    expect(errorOf(() => Money.of(12 as unknown as string, 'USD')).code).toBe('INVALID_AMOUNT');
  });

  it('refuses an unknown or lowercase currency', () => {
    expect(errorOf(() => Money.of('1', 'usd')).code).toBe('UNKNOWN_CURRENCY');
    expect(errorOf(() => Money.of('1', 'ABC')).code).toBe('UNKNOWN_CURRENCY');
  });

  it('refuses amounts of 10^24 or more in magnitude', () => {
    expect(Money.of('999999999999999999999999.99', 'USD').amount).toBe(
      '999999999999999999999999.99',
    );
    const error = errorOf(() => Money.of('-1000000000000000000000000', 'USD'));
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.message).toMatch(/out of range/);
    expect(errorOf(() => usd('999999999999999999999999.99').add(usd('0.01'))).code).toBe(
      'INVALID_AMOUNT',
    );
  });
});

describe('Money.fromDecimal rounding', () => {
  it('rounds half to even by default', () => {
    expect(Money.fromDecimal('2.345', 'USD').amount).toBe('2.34');
    expect(Money.fromDecimal('2.355', 'USD').amount).toBe('2.36');
    expect(Money.fromDecimal('-2.345', 'USD').amount).toBe('-2.34');
    expect(Money.fromDecimal('2.5', 'JPY').amount).toBe('2');
    expect(Money.fromDecimal('3.5', 'JPY').amount).toBe('4');
    expect(Money.fromDecimal('1.0005', 'BHD').amount).toBe('1.000');
    expect(Money.fromDecimal('1.0015', 'BHD').amount).toBe('1.002');
  });

  const cases: Array<[RoundingMode, string, string, string, string]> = [
    // mode, 2.345 -> , -2.345 -> , 2.341 -> , -2.341 ->
    ['HALF_EVEN', '2.34', '-2.34', '2.34', '-2.34'],
    ['HALF_UP', '2.35', '-2.35', '2.34', '-2.34'],
    ['HALF_DOWN', '2.34', '-2.34', '2.34', '-2.34'],
    ['UP', '2.35', '-2.35', '2.35', '-2.35'],
    ['DOWN', '2.34', '-2.34', '2.34', '-2.34'],
    ['CEIL', '2.35', '-2.34', '2.35', '-2.34'],
    ['FLOOR', '2.34', '-2.35', '2.34', '-2.35'],
  ];
  it.each(cases)('rounds with %s', (mode, tie, negativeTie, above, negativeAbove) => {
    expect(Money.fromDecimal('2.345', 'USD', mode).amount).toBe(tie);
    expect(Money.fromDecimal('-2.345', 'USD', mode).amount).toBe(negativeTie);
    expect(Money.fromDecimal('2.341', 'USD', mode).amount).toBe(above);
    expect(Money.fromDecimal('-2.341', 'USD', mode).amount).toBe(negativeAbove);
  });

  it('accepts a Decimal from the global decimal.js, keeping all its digits', () => {
    const third = new Decimal(1000).dividedBy(3);
    expect(Money.fromDecimal(third, 'USD').amount).toBe('333.33');
    expect(Money.fromDecimal(new Decimal('2.345'), 'USD', 'HALF_UP').amount).toBe('2.35');
    expect(Money.fromDecimal(new Decimal('1e-30'), 'USD', 'UP').amount).toBe('0.01');
  });

  it('accepts long computed strings but not exponents, NaN or Infinity', () => {
    expect(Money.fromDecimal('0.33333333333333333333333333333333333333', 'KWD').amount).toBe(
      '0.333',
    );
    expect(errorOf(() => Money.fromDecimal('1e3', 'USD')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => Money.fromDecimal(new Decimal(NaN), 'USD')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => Money.fromDecimal(new Decimal(Infinity), 'USD')).code).toBe(
      'INVALID_AMOUNT',
    );
  });

  it('refuses an unknown rounding mode from untyped code', () => {
    expect(() => Money.fromDecimal('1', 'USD', 'ROUND' as RoundingMode)).toThrow(RangeError);
  });
});

describe('Money arithmetic', () => {
  it('adds and subtracts in one currency', () => {
    expect(usd('0.10').add(usd('0.20')).amount).toBe('0.30');
    expect(usd('10.00').subtract(usd('10.01')).amount).toBe('-0.01');
    expect(Money.of('1.001', 'BHD').add(Money.of('0.999', 'BHD')).amount).toBe('2.000');
    expect(Money.of('100', 'JPY').subtract(Money.of('1', 'JPY')).toString()).toBe('99 JPY');
  });

  it('refuses to mix currencies and says which', () => {
    const add = errorOf(() => usd('1').add(Money.of('1', 'EUR')));
    expect(add.code).toBe('CURRENCY_MISMATCH');
    expect(add.message).toBe('Cannot add EUR to USD');
    expect(errorOf(() => usd('1').subtract(Money.of('1', 'EUR'))).message).toBe(
      'Cannot subtract EUR from USD',
    );
    expect(errorOf(() => usd('1').compare(Money.of('1', 'JPY'))).message).toBe(
      'Cannot compare USD with JPY',
    );
    expect(errorOf(() => usd('1').lessThan(Money.of('1', 'JPY'))).code).toBe('CURRENCY_MISMATCH');
  });

  it('multiplies exactly and rounds once', () => {
    expect(usd('19.99').multiply('3').amount).toBe('59.97');
    expect(usd('10.00').multiply('0.3333').amount).toBe('3.33');
    expect(usd('0.05').multiply('0.5').amount).toBe('0.02'); // 0.025 -> even
    expect(usd('0.05').multiply('0.5', 'HALF_UP').amount).toBe('0.03');
    expect(usd('-0.05').multiply('0.5', 'HALF_UP').amount).toBe('-0.03');
    expect(Money.of('1000', 'JPY').multiply('1.08').amount).toBe('1080');
    expect(Money.of('1.234', 'BHD').multiply(new Decimal('-2.5')).amount).toBe('-3.085');
  });

  it('refuses a factor it could not multiply exactly', () => {
    expect(errorOf(() => usd('1').multiply('1e2')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => usd('1').multiply('0.' + '3'.repeat(40))).message).toMatch(
      /40 significant digits; at most 32/,
    );
  });

  it('negates and takes the absolute value', () => {
    expect(usd('5.00').negate().amount).toBe('-5.00');
    expect(usd('-5.00').abs().amount).toBe('5.00');
    expect(usd('0.00').negate().amount).toBe('0.00');
  });

  it('knows its sign', () => {
    expect([usd('0').isZero(), usd('0').isPositive(), usd('0').isNegative()]).toEqual([
      true,
      false,
      false,
    ]);
    expect([usd('0.01').isPositive(), usd('-0.01').isNegative()]).toEqual([true, true]);
  });

  it('sums a list in one currency, an empty list to zero', () => {
    expect(Money.sum([usd('1.10'), usd('2.20'), usd('-0.30')], 'USD').amount).toBe('3.00');
    expect(Money.sum([], 'JPY').toString()).toBe('0 JPY');
    const error = errorOf(() => Money.sum([usd('1'), Money.of('1', 'EUR')], 'USD'));
    expect(error.code).toBe('CURRENCY_MISMATCH');
    expect(error.message).toMatch(/Cannot sum EUR into USD/);
  });

  it('picks the smaller and larger of two amounts', () => {
    expect(Money.min(usd('1.00'), usd('-2.00')).amount).toBe('-2.00');
    expect(Money.max(usd('1.00'), usd('-2.00')).amount).toBe('1.00');
    expect(errorOf(() => Money.max(usd('1'), Money.of('1', 'EUR'))).code).toBe('CURRENCY_MISMATCH');
  });
});

describe('Money comparison', () => {
  it('compares by amount', () => {
    expect(usd('1.00').compare(usd('2.00'))).toBe(-1);
    expect(usd('2.00').compare(usd('2'))).toBe(0);
    expect(usd('2.01').compare(usd('2.00'))).toBe(1);
    expect(usd('2.00').greaterThan(usd('1.99'))).toBe(true);
    expect(usd('2.00').greaterThanOrEqual(usd('2.00'))).toBe(true);
    expect(usd('-2.00').lessThan(usd('-1.99'))).toBe(true);
    expect(usd('2.00').lessThanOrEqual(usd('2.00'))).toBe(true);
  });

  it('treats amounts in different currencies as not equal', () => {
    expect(usd('1').equals(usd('1.00'))).toBe(true);
    expect(usd('1').equals(Money.of('1', 'EUR'))).toBe(false);
  });
});

describe('Money representation', () => {
  it('prints with exactly the minor units of its currency', () => {
    expect(usd('1200').toString()).toBe('1200.00 USD');
    expect(Money.of('5', 'JPY').toString()).toBe('5 JPY');
    expect(Money.of('1.5', 'BHD').toString()).toBe('1.500 BHD');
    expect(Money.zero('CLF').toString()).toBe('0.0000 CLF');
  });

  it('never prints in exponent notation', () => {
    expect(Money.of('100000000000000000000000', 'KWD').amount).toBe('100000000000000000000000.000');
    expect(usd('0.01').amount).toBe('0.01');
  });

  it('serialises to JSON and back', () => {
    const money = Money.of('-1234.5', 'EUR');
    expect(money.toJSON()).toEqual({ amount: '-1234.50', currency: 'EUR' });
    expect(JSON.stringify({ total: money })).toBe(
      '{"total":{"amount":"-1234.50","currency":"EUR"}}',
    );
    expect(Money.fromJSON(JSON.parse(JSON.stringify(money))).equals(money)).toBe(true);
  });

  it('is immutable', () => {
    const money = usd('10.00');
    expect(Object.isFrozen(money)).toBe(true);
    expect(() => {
      (money as unknown as { currency: unknown }).currency = Currency.of('EUR');
    }).toThrow(TypeError);
    const decimal = money.toDecimal();
    expect(decimal.toString()).toBe('10');
    expect(money.add(usd('1')).amount).toBe('11.00');
    expect(money.amount).toBe('10.00');
  });
});
