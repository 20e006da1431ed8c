import Decimal from 'decimal.js';
import { MoneyDecimal, parseDecimal } from './decimal';
import { MoneyError } from './money-error';

describe('parseDecimal', () => {
  it.each([
    '0',
    '12',
    '-3.5',
    '1200.00',
    '0.000000000001',
    '-0',
    '007',
    '123456789012345678901234567890.123',
  ])('accepts the plain decimal %j', (text) => {
    expect(parseDecimal(text).equals(new MoneyDecimal(text))).toBe(true);
  });

  it.each([
    '',
    ' 1',
    '1 ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e3',
    '1E3',
    '0x10',
    '+1',
    '.5',
    '1.',
    '1,5',
    '1_000',
    '--1',
    '١٢',
  ])('rejects %j with INVALID_AMOUNT', (text) => {
    expect(() => parseDecimal(text)).toThrow(MoneyError);
    expect(() => parseDecimal(text)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });

  it('rejects a number, null or undefined passed from untyped code', () => {
    for (const value of [12, null, undefined, NaN]) {
      expect(() => parseDecimal(value as unknown as string)).toThrow(
        expect.objectContaining({ code: 'INVALID_AMOUNT' }),
      );
    }
  });

  it('rejects a string longer than 128 characters without echoing all of it', () => {
    const long = '1'.repeat(200);
    expect(() => parseDecimal(long)).toThrow(/too long: at most 128 characters/);
    try {
      parseDecimal(long);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(120);
    }
  });

  it('leaves the global Decimal configuration untouched', () => {
    expect(Decimal.precision).toBe(20);
    expect(MoneyDecimal.precision).toBe(60);
    expect(new MoneyDecimal('1e30').toString()).toBe('1000000000000000000000000000000');
  });
});
