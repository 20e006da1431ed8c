import { isValidAmountString } from './validation';

describe('isValidAmountString', () => {
  it.each([
    ['12', 'USD', true],
    ['12.34', 'USD', true],
    ['-12.3', 'USD', true],
    ['12.345', 'USD', false],
    ['12', 'JPY', true],
    ['12.0', 'JPY', false],
    ['1.234', 'BHD', true],
    ['1e3', 'USD', false],
    ['', 'USD', false],
    [' 1', 'USD', false],
    ['NaN', 'USD', false],
    ['12', 'usd', false],
    ['12', 'XYZ', false],
    ['1000000000000000000000000', 'USD', false],
  ])('says %j %s is %s', (amount, currency, valid) => {
    expect(isValidAmountString(amount, currency)).toBe(valid);
  });

  it('never throws on untyped input', () => {
    expect(isValidAmountString(12 as unknown as string, 'USD')).toBe(false);
    expect(isValidAmountString('12', null as unknown as string)).toBe(false);
  });
});
