import Decimal from 'decimal.js';
import { Money } from './money';
import { taxOnAmount } from './tax';

describe('taxOnAmount', () => {
  it('applies a rate given as a decimal fraction, rounding half to even', () => {
    expect(taxOnAmount(Money.of('100.00', 'USD'), '0.2').amount).toBe('20.00');
    expect(taxOnAmount(Money.of('19.99', 'EUR'), '0.19').amount).toBe('3.80'); // 3.7981
    expect(taxOnAmount(Money.of('0.25', 'GBP'), '0.1').amount).toBe('0.02'); // 0.025 -> even
    expect(taxOnAmount(Money.of('0.25', 'GBP'), '0.1', 'HALF_UP').amount).toBe('0.03');
    expect(taxOnAmount(Money.of('1050', 'JPY'), '0.1').amount).toBe('105');
    expect(taxOnAmount(Money.of('1055', 'JPY'), '0.1').amount).toBe('106'); // 105.5 -> even
    expect(taxOnAmount(Money.of('12.345', 'BHD'), new Decimal('0.1')).amount).toBe('1.234'); // 1.2345 -> even
  });

  it('taxes a credit negatively', () => {
    expect(taxOnAmount(Money.of('-100.00', 'USD'), '0.2').amount).toBe('-20.00');
  });

  it('accepts 0 and 1 and nothing outside them', () => {
    expect(taxOnAmount(Money.of('10.00', 'USD'), '0').amount).toBe('0.00');
    expect(taxOnAmount(Money.of('10.00', 'USD'), '1').amount).toBe('10.00');
    expect(() => taxOnAmount(Money.of('10.00', 'USD'), '1.01')).toThrow(
      expect.objectContaining({ code: 'INVALID_RATE', message: expect.stringMatching(/above 1/) }),
    );
    expect(() => taxOnAmount(Money.of('10.00', 'USD'), '-0.1')).toThrow(
      expect.objectContaining({ code: 'INVALID_RATE' }),
    );
    expect(() => taxOnAmount(Money.of('10.00', 'USD'), '20%')).toThrow(
      expect.objectContaining({ code: 'INVALID_RATE' }),
    );
    expect(() => taxOnAmount(Money.of('10.00', 'USD'), new Decimal(NaN))).toThrow(
      expect.objectContaining({ code: 'INVALID_RATE' }),
    );
  });
});
