import Decimal from 'decimal.js';
import { MoneyError, MoneyErrorCode, quoteInput } from './money-error';

/**
 * The decimal.js constructor every money computation uses. A clone, so the global `Decimal`
 * configuration other code may change never alters a rounding here. 60 significant digits hold
 * any amount (at most 24 integer digits + 4 decimals) times any factor of at most 32 significant
 * digits exactly, so the only rounding a result ever sees is the one to the currency's minor units.
 * The exponent thresholds keep `toString()` in plain notation.
 */
export const MoneyDecimal: Decimal.Constructor = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -1000,
  toExpPos: 1000,
  modulo: Decimal.ROUND_DOWN,
});

/** Significant digits a factor (multiplier, tax rate) may carry so that a product stays exact. */
const FACTOR_SIGNIFICANT_DIGITS_MAX = 32;

/** Longest decimal string accepted: far beyond any amount or rate, short enough to bound work. */
const DECIMAL_STRING_LENGTH_MAX = 128;

// Plain decimal notation only: optional minus, digits, optional fraction with digits.
// No sign "+", no exponent, no hex, no surrounding whitespace, no bare "." or trailing ".".
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** True when `value` is a plain decimal string this library accepts. */
export function isDecimalString(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= DECIMAL_STRING_LENGTH_MAX &&
    DECIMAL_PATTERN.test(value)
  );
}

/**
 * Strict decimal parse: "12", "-3.5", "1200.00". Anything else (NaN, Infinity, "", " 1", "1e3",
 * "0x10", "+1", ".5", a number instead of a string) is an INVALID_AMOUNT.
 */
export function parseDecimal(value: string): Decimal {
  return parseDecimalAs(value, 'INVALID_AMOUNT', 'Amount');
}

/** parseDecimal with the error code and wording of the caller's domain (a ratio, a rate). */
export function parseDecimalAs(value: unknown, code: MoneyErrorCode, label: string): Decimal {
  if (typeof value === 'string' && value.length > DECIMAL_STRING_LENGTH_MAX) {
    throw new MoneyError(
      code,
      `${label} ${quoteInput(value)} is too long: at most ${DECIMAL_STRING_LENGTH_MAX} characters`,
    );
  }
  if (!isDecimalString(value)) {
    throw new MoneyError(
      code,
      `${label} ${quoteInput(value)} is not a decimal string (expected e.g. "12", "-3.5", "1200.00")`,
    );
  }
  return new MoneyDecimal(value);
}

/**
 * Accepts a Decimal from any decimal.js copy or clone, or a strict decimal string, and returns a
 * finite MoneyDecimal. Copying a Decimal keeps all its digits (no rounding happens here).
 */
export function toMoneyDecimal(value: unknown, code: MoneyErrorCode, label: string): Decimal {
  if (typeof value === 'string') return parseDecimalAs(value, code, label);
  if (!MoneyDecimal.isDecimal(value)) {
    throw new MoneyError(
      code,
      `${label} must be a Decimal or a decimal string, got ${quoteInput(value)}`,
    );
  }
  if (!value.isFinite()) {
    throw new MoneyError(code, `${label} must be finite, got ${value.toString()}`);
  }
  return new MoneyDecimal(value);
}

/** A factor whose digits would make a product inexact at MoneyDecimal's precision is refused. */
export function ensureFactorFitsPrecision(
  factor: Decimal,
  code: MoneyErrorCode,
  label: string,
): void {
  const digits = factor.sd();
  if (digits > FACTOR_SIGNIFICANT_DIGITS_MAX) {
    throw new MoneyError(
      code,
      `${label} has ${digits} significant digits; at most ${FACTOR_SIGNIFICANT_DIGITS_MAX} keep the result exact`,
    );
  }
}
