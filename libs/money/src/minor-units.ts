import { Currency } from './currency';
import { isDecimalString } from './decimal';
import { ISO_4217_MINOR_UNITS_MAX } from './iso4217';
import { AMOUNT_INTEGER_DIGITS_MAX } from './money';
import { MoneyError, quoteInput } from './money-error';

/**
 * Amounts as whole counts of minor units (cents, fils, yen) in a bigint, for folds that add many
 * amounts: one bigint addition instead of a decimal.js object per step, and no float ever. The
 * text at the edges stays the canonical decimal string `Money.amount` prints; `parseMinorUnits`
 * and `formatMinorUnits` convert exactly, with Money's checks (strict syntax, no more decimals
 * than the currency allows, magnitude below 10^24).
 */

const ZEROS: readonly string[] = Array.from({ length: ISO_4217_MINOR_UNITS_MAX + 1 }, (_, n) =>
  '0'.repeat(n),
);

/** Per exponent: the first count of minor units that is out of Money's range (10^(24+e)). */
const LIMITS: readonly bigint[] = Array.from(
  { length: ISO_4217_MINOR_UNITS_MAX + 1 },
  (_, e) => 10n ** BigInt(AMOUNT_INTEGER_DIGITS_MAX + e),
);

/** The exponent (minor-unit digits) of an ISO 4217 code; UNKNOWN_CURRENCY otherwise. */
export function exponentOf(currency: string | Currency): number {
  return Currency.from(currency).minorUnits;
}

/**
 * `amount` ("12", "-3.5", "1200.00") as a count of minor units of `currency`. Throws
 * INVALID_AMOUNT for anything `Money.of` refuses and TOO_MANY_DECIMALS when the text has more
 * decimals than the currency's exponent (it never rounds).
 */
export function parseMinorUnits(amount: string, currency: string | Currency): bigint {
  const resolved = Currency.from(currency);
  if (!isDecimalString(amount)) {
    throw new MoneyError(
      'INVALID_AMOUNT',
      `Amount ${quoteInput(amount)} is not a decimal string (expected e.g. "12", "-3.5", "1200.00")`,
    );
  }
  const point = amount.indexOf('.');
  const decimals = point < 0 ? 0 : amount.length - point - 1;
  const exponent = resolved.minorUnits;
  if (decimals > exponent) {
    throw new MoneyError(
      'TOO_MANY_DECIMALS',
      `Amount ${quoteInput(amount)} has ${decimals} decimal${decimals === 1 ? '' : 's'}; ${resolved.code} allows at most ${exponent}`,
    );
  }
  const digits = point < 0 ? amount : amount.slice(0, point) + amount.slice(point + 1);
  return checkedMinorUnits(BigInt(digits + (ZEROS[exponent - decimals] as string)), resolved);
}

/** `units` minor units of `currency` as Money's canonical string: "1200.00", "5", "-0.125". */
export function formatMinorUnits(units: bigint, currency: string | Currency): string {
  const resolved = Currency.from(currency);
  checkedMinorUnits(units, resolved);
  const exponent = resolved.minorUnits;
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  if (exponent === 0) return negative ? `-${digits}` : digits;
  // At least one digit before the point: 5 cents are "0.05", not ".05".
  const padded =
    digits.length > exponent ? digits : (ZEROS[exponent + 1 - digits.length] as string) + digits;
  const cut = padded.length - exponent;
  const text = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** `units` when its magnitude is within Money's range for `currency`; INVALID_AMOUNT otherwise. */
function checkedMinorUnits(units: bigint, currency: Currency): bigint {
  const limit = LIMITS[currency.minorUnits] as bigint;
  if (units >= limit || -units >= limit) {
    throw new MoneyError(
      'INVALID_AMOUNT',
      `Amount of ${units.toString()} minor units of ${currency.code} is out of range: its magnitude must be below 10^${AMOUNT_INTEGER_DIGITS_MAX}`,
    );
  }
  return units;
}
