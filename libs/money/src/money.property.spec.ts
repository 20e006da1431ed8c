import fc from 'fast-check';
import { MoneyDecimal } from './decimal';
import { Money } from './money';
import { ROUNDING_MODES } from './rounding';

const RUNS = { numRuns: 1000 };

/** One currency per minor-unit count, so every scale is exercised. */
const MINOR_UNITS = { JPY: 0, USD: 2, BHD: 3, CLF: 4 } as const;
type Code = keyof typeof MINOR_UNITS;
const currencyCode = fc.constantFrom<Code>('JPY', 'USD', 'BHD', 'CLF');

/** Formats a count of minor units as a plain decimal string with `places` decimals. */
function unitsToDecimalString(units: bigint, places: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(places + 1, '0');
  if (places === 0) return sign + digits;
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** Decimal strings with exactly the currency's minor units, negatives included, up to 1e15. */
function amountIn(code: Code, maxMagnitude = 10n ** 15n): fc.Arbitrary<string> {
  const places = MINOR_UNITS[code];
  const limit = maxMagnitude * 10n ** BigInt(places);
  return fc.bigInt({ min: -limit, max: limit }).map((units) => unitsToDecimalString(units, places));
}

const money = (code: Code) => amountIn(code).map((amount) => Money.of(amount, code));

/** Two and three amounts in one currency. */
const pairInOneCurrency = currencyCode.chain((code) => fc.tuple(money(code), money(code)));
const tripleInOneCurrency = currencyCode.chain((code) =>
  fc.tuple(money(code), money(code), money(code)),
);

/** Non-negative ratios with up to 4 decimals, at least one positive. */
const ratios = fc
  .array(
    fc
      .bigInt({ min: 0n, max: 10n ** 9n })
      .chain((units) =>
        fc.integer({ min: 0, max: 4 }).map((places) => unitsToDecimalString(units, places)),
      ),
    { minLength: 1, maxLength: 25 },
  )
  .filter((list) => list.some((ratio) => !new MoneyDecimal(ratio).isZero()));

/** Decimal strings up to 1e15 with up to 12 decimals: more than any currency has. */
const rawDecimal = fc.integer({ min: 0, max: 12 }).chain((places) => {
  const limit = 10n ** BigInt(15 + places);
  return fc.bigInt({ min: -limit, max: limit }).map((units) => unitsToDecimalString(units, places));
});

/** Factors (quantities, rates, prices) up to 1e6 with up to 12 decimals, negatives included. */
const factor = fc.integer({ min: 0, max: 12 }).chain((places) => {
  const limit = 10n ** BigInt(6 + places);
  return fc.bigInt({ min: -limit, max: limit }).map((units) => unitsToDecimalString(units, places));
});

describe('Money properties', () => {
  it('allocation sums exactly to the total and each part is within one minor unit of its exact share (1000 runs)', () => {
    fc.assert(
      fc.property(
        currencyCode.chain((code) => money(code)),
        ratios,
        (total, ratioList) => {
          const parts = total.allocate(ratioList);
          expect(parts).toHaveLength(ratioList.length);
          expect(Money.sum(parts, total.currency).equals(total)).toBe(true);

          const unit = new MoneyDecimal(10).pow(-total.currency.minorUnits);
          const ratioSum = ratioList.reduce((sum, r) => sum.plus(r), new MoneyDecimal(0));
          parts.forEach((part, index) => {
            // |part - total * r / R| < unit, multiplied through by R to stay exact
            const gap = part
              .toDecimal()
              .times(ratioSum)
              .minus(total.toDecimal().times(ratioList[index] as string));
            expect(gap.abs().lessThan(unit.times(ratioSum))).toBe(true);
            expect(part.currency).toBe(total.currency);
          });
        },
      ),
      RUNS,
    );
  });

  it('allocation stays exact up to the largest amount a Money can hold (1000 runs)', () => {
    const nearLimit = currencyCode.chain((code) =>
      amountIn(code, 10n ** 24n - 1n).map((amount) => Money.of(amount, code)),
    );
    fc.assert(
      fc.property(nearLimit, ratios, (total, ratioList) => {
        expect(Money.sum(total.allocate(ratioList), total.currency).equals(total)).toBe(true);
      }),
      RUNS,
    );
  });

  it('multiply rounds the exact product once, half-even within half a minor unit (1000 runs)', () => {
    const Exact = MoneyDecimal.clone({ precision: 200 });
    fc.assert(
      fc.property(
        currencyCode.chain((code) => money(code)),
        factor,
        (amount, multiplier) => {
          const product = amount.multiply(multiplier);
          const exact = new Exact(amount.amount).times(multiplier);
          const half = new Exact(10).pow(-amount.currency.minorUnits).dividedBy(2);
          expect(new Exact(product.amount).minus(exact).abs().lessThanOrEqualTo(half)).toBe(true);
          expect(product.equals(Money.fromDecimal(exact.toFixed(), amount.currency))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('split parts sum to the total and differ by at most one minor unit, larger ones first (1000 runs)', () => {
    fc.assert(
      fc.property(
        currencyCode.chain((code) => money(code)),
        fc.integer({ min: 1, max: 200 }),
        (total, count) => {
          const parts = total.split(count);
          expect(parts).toHaveLength(count);
          expect(Money.sum(parts, total.currency).equals(total)).toBe(true);
          const unit = new MoneyDecimal(10).pow(-total.currency.minorUnits);
          const magnitudes = parts.map((part) => part.abs().toDecimal());
          const [largest, ...rest] = magnitudes;
          const smallest = rest.length > 0 ? rest[rest.length - 1] : largest;
          expect(largest?.minus(smallest ?? largest).lessThanOrEqualTo(unit)).toBe(true);
          const nonIncreasing = rest.every((m, i) => m.lessThanOrEqualTo(magnitudes[i] ?? m));
          expect(nonIncreasing).toBe(true);
          expect(
            parts.every((part) => part.isZero() || part.isNegative() === total.isNegative()),
          ).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('split(n) is allocate over n equal ratios (1000 runs)', () => {
    fc.assert(
      fc.property(
        currencyCode.chain((code) => money(code)),
        fc.integer({ min: 1, max: 30 }),
        (total, count) => {
          const split = total.split(count);
          const allocated = total.allocate(Array.from({ length: count }, () => '1'));
          expect(split.map(String)).toEqual(allocated.map(String));
        },
      ),
      RUNS,
    );
  });

  it('a + b - b = a (1000 runs)', () => {
    fc.assert(
      fc.property(pairInOneCurrency, ([a, b]) => {
        expect(a.add(b).subtract(b).equals(a)).toBe(true);
      }),
      RUNS,
    );
  });

  it('add is commutative (1000 runs)', () => {
    fc.assert(
      fc.property(pairInOneCurrency, ([a, b]) => {
        expect(a.add(b).equals(b.add(a))).toBe(true);
      }),
      RUNS,
    );
  });

  it('add is associative (1000 runs)', () => {
    fc.assert(
      fc.property(tripleInOneCurrency, ([a, b, c]) => {
        expect(
          a
            .add(b)
            .add(c)
            .equals(a.add(b.add(c))),
        ).toBe(true);
      }),
      RUNS,
    );
  });

  it('rounding is idempotent: fromDecimal(fromDecimal(x)) equals fromDecimal(x), in every mode (1000 runs)', () => {
    fc.assert(
      fc.property(rawDecimal, currencyCode, fc.constantFrom(...ROUNDING_MODES), (x, code, mode) => {
        const once = Money.fromDecimal(x, code, mode);
        expect(Money.fromDecimal(once.toDecimal(), code, mode).equals(once)).toBe(true);
        expect(Money.fromDecimal(once.amount, code, mode).equals(once)).toBe(true);
      }),
      RUNS,
    );
  });

  it('half-even rounding lands within half a minor unit of the exact value (1000 runs)', () => {
    fc.assert(
      fc.property(rawDecimal, currencyCode, (x, code) => {
        const rounded = Money.fromDecimal(x, code);
        const half = new MoneyDecimal(10).pow(-MINOR_UNITS[code]).dividedBy(2);
        expect(rounded.toDecimal().minus(x).abs().lessThanOrEqualTo(half)).toBe(true);
      }),
      RUNS,
    );
  });

  it('toJSON and Money.of round-trip, through JSON text too (1000 runs)', () => {
    fc.assert(
      fc.property(
        currencyCode.chain((code) => money(code)),
        (original) => {
          const json = original.toJSON();
          expect(Money.of(json.amount, json.currency).equals(original)).toBe(true);
          expect(Money.fromJSON(JSON.parse(JSON.stringify(original))).equals(original)).toBe(true);
          expect(Money.of(original.amount, original.currency).amount).toBe(original.amount);
        },
      ),
      RUNS,
    );
  });

  it('amount prints the value as toFixed(minor units) would, however the Money was made (1000 runs)', () => {
    // Leading zeros, fewer decimals than the currency's, "-0": inputs `amount` must not echo.
    const loose = currencyCode.chain((code) =>
      fc
        .tuple(
          fc.constantFrom('', '-'),
          fc.constantFrom('', '0', '00'),
          fc.bigInt({ min: 0n, max: 10n ** 23n - 1n }),
          fc.integer({ min: 0, max: MINOR_UNITS[code] }),
        )
        .map(([sign, zeros, units, places]) => {
          const text = `${sign}${zeros}${unitsToDecimalString(units, places)}`;
          return [text, code] as const;
        }),
    );
    const fixed = (m: Money) => m.toDecimal().toFixed(m.currency.minorUnits);
    fc.assert(
      fc.property(loose, currencyCode, factor, ([text, code], other, by) => {
        const parsed = Money.of(text, code);
        expect(parsed.amount).toBe(new MoneyDecimal(text).toFixed(MINOR_UNITS[code]));
        const b = Money.of(parsed.amount, code);
        for (const result of [
          parsed.negate(),
          parsed.add(b),
          parsed.subtract(b),
          parsed.subtract(parsed),
          // A factor up to 10^6 keeps the product below 10^24 for amounts below 10^17.
          ...(parsed.abs().lessThan(Money.of('100000000000000000', code))
            ? [parsed.multiply(by)]
            : []),
          ...parsed.split(3),
          Money.zero(other),
        ])
          expect(result.amount).toBe(fixed(result));
      }),
      RUNS,
    );
  });

  it('Money.of reads back the decimal string it was given (1000 runs)', () => {
    fc.assert(
      fc.property(
        currencyCode.chain((code) => amountIn(code).map((amount) => [amount, code] as const)),
        ([amount, code]) => {
          const parsed = Money.of(amount, code);
          expect(parsed.toDecimal().equals(new MoneyDecimal(amount))).toBe(true);
          expect(parsed.amount).toBe(new MoneyDecimal(amount).toFixed(MINOR_UNITS[code]));
        },
      ),
      RUNS,
    );
  });
});
