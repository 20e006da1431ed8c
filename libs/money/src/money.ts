import Decimal from 'decimal.js';
import { ALLOCATION_PARTS_MAX, allocateUnits, splitUnits, toWholeRatios } from './allocation';
import { Currency } from './currency';
import { MoneyDecimal, ensureFactorFitsPrecision, parseDecimalAs, toMoneyDecimal } from './decimal';
import { ISO_4217_MINOR_UNITS_MAX } from './iso4217';
import { MoneyError, quoteInput } from './money-error';
import { RoundingMode, toDecimalRounding } from './rounding';

/** Amounts stay below 10^24 in magnitude: far above any real balance, and it keeps every
 * amount within 28 significant digits, which the exactness of multiply and allocate relies on. */
export const AMOUNT_INTEGER_DIGITS_MAX = 24;

/** 10^minorUnits and its inverse for each minor-unit count in the ISO table (0..4). */
const MINOR_UNIT_SCALES: readonly Decimal[] = Array.from(
  { length: ISO_4217_MINOR_UNITS_MAX + 1 },
  (_, units) => new MoneyDecimal(10).pow(units),
);
const MINOR_UNIT_SIZES: readonly Decimal[] = Array.from(
  { length: ISO_4217_MINOR_UNITS_MAX + 1 },
  (_, units) => new MoneyDecimal(10).pow(-units),
);

/** One zero per currency: a Money is immutable, so every caller can share it. */
const ZERO_BY_CURRENCY = new Map<Currency, Money>();

export interface MoneyJSON {
  amount: string;
  currency: string;
}

/**
 * An amount in one ISO 4217 currency, held as a decimal with at most the currency's minor units.
 * Immutable: every operation returns a new Money. Operations on two currencies throw
 * CURRENCY_MISMATCH; there is no implicit conversion.
 */
export class Money {
  private constructor(
    private readonly value: Decimal,
    readonly currency: Currency,
  ) {
    Object.freeze(this);
  }

  /**
   * Strict parse of a decimal string ("12", "-3.5", "1200.00") with no more decimals than the
   * currency's minor units. Never rounds: an amount that needs rounding is TOO_MANY_DECIMALS.
   */
  static of(amount: string, currency: string | Currency): Money {
    const resolved = Currency.from(currency);
    const value = parseDecimalAs(amount, 'INVALID_AMOUNT', 'Amount');
    const point = amount.indexOf('.');
    const decimals = point < 0 ? 0 : amount.length - point - 1;
    if (decimals > resolved.minorUnits) {
      throw new MoneyError(
        'TOO_MANY_DECIMALS',
        `Amount ${quoteInput(amount)} has ${decimals} decimal${decimals === 1 ? '' : 's'}; ${resolved.code} allows at most ${resolved.minorUnits}`,
      );
    }
    return Money.create(value, resolved);
  }

  /** A computed value rounded to the currency's minor units (HALF_EVEN unless `mode` says else). */
  static fromDecimal(
    value: Decimal | string,
    currency: string | Currency,
    mode?: RoundingMode,
  ): Money {
    const resolved = Currency.from(currency);
    const decimal = toMoneyDecimal(value, 'INVALID_AMOUNT', 'Amount');
    return Money.create(
      decimal.toDecimalPlaces(resolved.minorUnits, toDecimalRounding(mode)),
      resolved,
    );
  }

  static zero(currency: string | Currency): Money {
    const resolved = Currency.from(currency);
    let zero = ZERO_BY_CURRENCY.get(resolved);
    if (zero === undefined) {
      zero = Money.create(new MoneyDecimal(0), resolved);
      ZERO_BY_CURRENCY.set(resolved, zero);
    }
    return zero;
  }

  /** The sum of `items`, all in `currency`; an empty list sums to zero. */
  static sum(items: Money[], currency: string | Currency): Money {
    const resolved = Currency.from(currency);
    if (!Array.isArray(items)) {
      throw new MoneyError(
        'INVALID_AMOUNT',
        `Money.sum needs a list of Money, got ${quoteInput(items)}`,
      );
    }
    let total = new MoneyDecimal(0);
    items.forEach((item, index) => {
      if (!item.currency.equals(resolved)) {
        throw new MoneyError(
          'CURRENCY_MISMATCH',
          `Cannot sum ${item.currency.code} into ${resolved.code} (item #${index + 1} is ${item.toString()})`,
        );
      }
      total = total.plus(item.value);
    });
    return Money.create(total, resolved);
  }

  /** The smaller of two amounts in one currency (`a` when they are equal). */
  static min(a: Money, b: Money): Money {
    return a.compare(b) <= 0 ? a : b;
  }

  /** The larger of two amounts in one currency (`a` when they are equal). */
  static max(a: Money, b: Money): Money {
    return a.compare(b) >= 0 ? a : b;
  }

  static fromJSON(json: MoneyJSON): Money {
    return Money.of(json.amount, json.currency);
  }

  /** Canonical decimal string with exactly the currency's minor units: "1200.00", "5", "1.500". */
  get amount(): string {
    return fixedText(this.value, this.currency.minorUnits);
  }

  /** A copy of the amount as a Decimal (changing it cannot change this Money). */
  toDecimal(): Decimal {
    return new MoneyDecimal(this.value);
  }

  add(other: Money): Money {
    this.ensureSameCurrency(other, `Cannot add ${other.currency.code} to ${this.currency.code}`);
    return Money.create(this.value.plus(other.value), this.currency);
  }

  subtract(other: Money): Money {
    this.ensureSameCurrency(
      other,
      `Cannot subtract ${other.currency.code} from ${this.currency.code}`,
    );
    return Money.create(this.value.minus(other.value), this.currency);
  }

  /**
   * This amount times `factor` (a quantity, a price ratio), rounded once to minor units
   * (HALF_EVEN by default). The product is computed exactly before that single rounding.
   */
  multiply(factor: Decimal | string, mode?: RoundingMode): Money {
    const decimal = toMoneyDecimal(factor, 'INVALID_AMOUNT', 'Factor');
    ensureFactorFitsPrecision(decimal, 'INVALID_AMOUNT', 'Factor');
    const rounding = toDecimalRounding(mode);
    return Money.create(
      this.value.times(decimal).toDecimalPlaces(this.currency.minorUnits, rounding),
      this.currency,
    );
  }

  negate(): Money {
    return Money.create(this.value.negated(), this.currency);
  }

  abs(): Money {
    return this.isNegative() ? this.negate() : this;
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isPositive(): boolean {
    return !this.value.isZero() && this.value.isPositive();
  }

  isNegative(): boolean {
    return !this.value.isZero() && this.value.isNegative();
  }

  compare(other: Money): -1 | 0 | 1 {
    this.ensureSameCurrency(
      other,
      `Cannot compare ${this.currency.code} with ${other.currency.code}`,
    );
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  /** Same currency and same amount. Unlike compare, a different currency is simply not equal. */
  equals(other: Money): boolean {
    return this.currency.equals(other.currency) && this.value.equals(other.value);
  }

  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.compare(other) >= 0;
  }

  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.compare(other) <= 0;
  }

  /**
   * Splits this amount in proportion to `ratios` (non-negative decimals, at least one positive,
   * at most 10000) by largest remainder in minor units: the parts sum exactly to this amount, each
   * part is within one minor unit of its exact share, and on a tie the earlier part gets the extra
   * unit. A negative amount gives negative parts (the same split as its magnitude, negated).
   * Example: 100.00 over ["1", "1", "1"] is 33.34, 33.33, 33.33.
   */
  allocate(ratios: Array<Decimal | string>): Money[] {
    return this.fromUnits(allocateUnits(this.toUnits(), toWholeRatios(ratios)));
  }

  /**
   * Equal allocation into `parts` (a whole number from 1 to 10000). When the amount does not
   * divide evenly, the earlier parts get one extra minor unit each:
   * 1000.00 USD / 3 is 333.34, 333.33, 333.33; -1000.00 USD / 3 is -333.34, -333.33, -333.33.
   */
  split(parts: number): Money[] {
    if (!Number.isInteger(parts) || parts < 1 || parts > ALLOCATION_PARTS_MAX) {
      throw new MoneyError(
        'INVALID_RATIO',
        `Cannot split into ${String(parts)} parts: parts must be a whole number from 1 to ${ALLOCATION_PARTS_MAX}`,
      );
    }
    return this.fromUnits(splitUnits(this.toUnits(), parts));
  }

  /** "1200.00 USD": for logs and messages, not for parsing. */
  toString(): string {
    return `${this.amount} ${this.currency.code}`;
  }

  toJSON(): MoneyJSON {
    return { amount: this.amount, currency: this.currency.code };
  }

  /** This amount as a whole number of minor units (exact: a power-of-ten scaling). */
  private toUnits(): Decimal {
    return this.value.times(MINOR_UNIT_SCALES[this.currency.minorUnits] as Decimal);
  }

  private fromUnits(units: Decimal[]): Money[] {
    // Multiplying by 10^-minorUnits is exact and much cheaper than dividing by 10^minorUnits.
    const unitSize = MINOR_UNIT_SIZES[this.currency.minorUnits] as Decimal;
    return units.map((unit) => Money.create(unit.times(unitSize), this.currency));
  }

  private ensureSameCurrency(other: Money, message: string): void {
    if (!this.currency.equals(other.currency)) throw new MoneyError('CURRENCY_MISMATCH', message);
  }

  /** The one way a Money comes to be: checks the range and the invariant on decimals. */
  private static create(value: Decimal, currency: Currency): Money {
    if (isOutOfRange(value)) {
      throw new MoneyError(
        'INVALID_AMOUNT',
        `Amount ${quoteInput(value.toFixed())} ${currency.code} is out of range: its magnitude must be below 10^${AMOUNT_INTEGER_DIGITS_MAX}`,
      );
    }
    if (value.decimalPlaces() > currency.minorUnits) {
      throw new Error(
        `Invariant violated: ${value.toFixed()} has more decimals than ${currency.code} allows (${currency.minorUnits})`,
      );
    }
    // "-0" would print as "-0.00"; a zero amount has no sign.
    return new Money(value.isZero() ? new MoneyDecimal(0) : value, currency);
  }
}

/**
 * `value.abs() >= 10^24`, as decimal.js answers it (an infinity is, NaN is not). The exponent of a
 * finite non-zero decimal.js value is the power of ten of its leading digit, so this reads one
 * field where `abs().gte()` would allocate a decimal per Money created.
 */
function isOutOfRange(value: Decimal): boolean {
  if (value.isNaN()) return false;
  return !value.isFinite() || (!value.isZero() && value.e >= AMOUNT_INTEGER_DIGITS_MAX);
}

const ZEROS: readonly string[] = Array.from({ length: ISO_4217_MINOR_UNITS_MAX + 1 }, (_, n) =>
  '0'.repeat(n),
);

/**
 * `value.toFixed(minorUnits)` for a value with at most `minorUnits` decimals (Money's invariant),
 * several times cheaper: plain `toString()` (MoneyDecimal never switches to exponent notation in
 * Money's range) padded with zeros. `toFixed` rounds a copy first, which never changes such a value.
 */
function fixedText(value: Decimal, minorUnits: number): string {
  const plain = value.toString();
  const point = plain.indexOf('.');
  if (point < 0) return minorUnits === 0 ? plain : `${plain}.${ZEROS[minorUnits] as string}`;
  return plain + (ZEROS[minorUnits - (plain.length - point - 1)] as string);
}
