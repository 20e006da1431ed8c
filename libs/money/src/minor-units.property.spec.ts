import fc from 'fast-check';
import { MoneyDecimal } from './decimal';
import { formatMinorUnits, parseMinorUnits } from './minor-units';
import { Money } from './money';

const RUNS = { numRuns: 1000 };

/** One currency per exponent the issue names: 0, 2, 3 and 4. */
const EXPONENTS = { JPY: 0, USD: 2, BHD: 3, CLF: 4 } as const;
type Code = keyof typeof EXPONENTS;
const currencyCode = fc.constantFrom<Code>('JPY', 'USD', 'BHD', 'CLF');

/** Plain decimal text with 0..exponent decimals and optional leading zeros, as callers send it. */
function decimalText(code: Code): fc.Arbitrary<string> {
  const exponent = EXPONENTS[code];
  return fc
    .tuple(
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 10n ** 20n }),
      fc.nat({ max: exponent }),
      fc.nat({ max: 2 }),
    )
    .map(([negative, magnitude, decimals, leadingZeros]) => {
      const digits = magnitude.toString().padStart(decimals + 1, '0');
      const whole = '0'.repeat(leadingZeros) + digits.slice(0, digits.length - decimals);
      const text = decimals === 0 ? whole : `${whole}.${digits.slice(digits.length - decimals)}`;
      return negative ? `-${text}` : text;
    });
}

const amountInSomeCurrency = currencyCode.chain((code) =>
  fc.tuple(fc.constant(code), decimalText(code)),
);

describe('minor units', () => {
  it('format(parse(text)) is the canonical text Money prints, for exponents 0, 2, 3 and 4', () => {
    fc.assert(
      fc.property(amountInSomeCurrency, ([code, text]) => {
        expect(formatMinorUnits(parseMinorUnits(text, code), code)).toBe(
          Money.of(text, code).amount,
        );
      }),
      RUNS,
    );
  });

  it('parse(format(units)) gives back the same count of minor units', () => {
    fc.assert(
      fc.property(
        currencyCode,
        fc.bigInt({ min: -(10n ** 23n), max: 10n ** 23n }),
        (code, units) => {
          expect(parseMinorUnits(formatMinorUnits(units, code), code)).toBe(units);
        },
      ),
      RUNS,
    );
  });

  it('sums of minor units equal decimal.js sums of the same texts', () => {
    const listInOneCurrency = currencyCode.chain((code) =>
      fc.tuple(fc.constant(code), fc.array(decimalText(code), { maxLength: 40 })),
    );
    fc.assert(
      fc.property(listInOneCurrency, ([code, texts]) => {
        const units = texts.reduce((sum, text) => sum + parseMinorUnits(text, code), 0n);
        const decimal = texts.reduce((sum, text) => sum.plus(text), new MoneyDecimal(0));
        expect(formatMinorUnits(units, code)).toBe(Money.fromDecimal(decimal, code).amount);
      }),
      RUNS,
    );
  });

  it('refuses more decimals than the exponent allows instead of rounding', () => {
    expect(() => parseMinorUnits('1.5', 'JPY')).toThrow(/TOO_MANY|allows at most 0/);
    expect(() => parseMinorUnits('1.005', 'USD')).toThrow(/allows at most 2/);
    expect(() => parseMinorUnits('1.0005', 'BHD')).toThrow(/allows at most 3/);
    expect(parseMinorUnits('1.005', 'BHD')).toBe(1005n);
  });

  it('refuses what Money refuses: non-decimal text, unknown currencies, out-of-range amounts', () => {
    for (const bad of ['', ' 1', '1e3', '+1', '.5', '1.', 'NaN', '0x10']) {
      expect(() => parseMinorUnits(bad, 'USD')).toThrow(/not a decimal string/);
    }
    expect(() => parseMinorUnits('1', 'XXY')).toThrow(/ISO 4217|Unknown currency/);
    expect(() => parseMinorUnits('1' + '0'.repeat(24), 'USD')).toThrow(/out of range/);
    expect(() => formatMinorUnits(10n ** 26n, 'USD')).toThrow(/out of range/);
  });

  it('prints zero without a sign and small amounts with a leading zero', () => {
    expect(formatMinorUnits(0n, 'USD')).toBe('0.00');
    expect(formatMinorUnits(-5n, 'USD')).toBe('-0.05');
    expect(formatMinorUnits(-5n, 'JPY')).toBe('-5');
    expect(formatMinorUnits(7n, 'CLF')).toBe('0.0007');
    expect(parseMinorUnits('-0.00', 'USD')).toBe(0n);
  });
});
