import Decimal from 'decimal.js';
import { MoneyDecimal, toMoneyDecimal } from './decimal';
import { MoneyError } from './money-error';

/** Upper bound on the parts of one allocation or split: bounds memory and the sort below. */
export const ALLOCATION_PARTS_MAX = 10_000;

/**
 * Digits a ratio may have once all ratios are scaled to whole numbers. With a total of at most
 * 28 digits (24 integer + 4 decimals) every product below stays within MoneyDecimal's 60 digits,
 * so the quotients and remainders are exact.
 */
const SCALED_RATIO_DIGITS_MAX = 30;

/** Validates ratios and turns them into whole numbers with the same proportions. */
export function toWholeRatios(ratios: ReadonlyArray<unknown>): Decimal[] {
  if (!Array.isArray(ratios) || ratios.length < 1 || ratios.length > ALLOCATION_PARTS_MAX) {
    throw new MoneyError(
      'INVALID_RATIO',
      `Allocation needs between 1 and ${ALLOCATION_PARTS_MAX} ratios, got ${Array.isArray(ratios) ? ratios.length : 'no list'}`,
    );
  }
  const decimals = ratios.map((ratio, index) => {
    const value = toMoneyDecimal(ratio, 'INVALID_RATIO', `Ratio #${index + 1}`);
    if (value.isNegative() && !value.isZero()) {
      throw new MoneyError(
        'INVALID_RATIO',
        `Ratio #${index + 1} is negative (${value.toString()}); ratios must be 0 or more`,
      );
    }
    return value.abs(); // abs() turns a "-0" into 0
  });
  if (decimals.every((value) => value.isZero())) {
    throw new MoneyError('INVALID_RATIO', 'At least one ratio must be positive');
  }
  const placesMax = Math.max(...decimals.map((value) => value.decimalPlaces()));
  const scale = new MoneyDecimal(10).pow(placesMax);
  return decimals.map((value, index) => {
    const whole = value.times(scale);
    if (whole.sd(true) > SCALED_RATIO_DIGITS_MAX) {
      throw new MoneyError(
        'INVALID_RATIO',
        `Ratio #${index + 1} is too precise next to the others: scaled to whole numbers the ratios need more than ${SCALED_RATIO_DIGITS_MAX} digits`,
      );
    }
    return whole;
  });
}

/**
 * Largest-remainder (Hamilton) allocation of a whole number of minor units. Each part first gets
 * the floor of its exact share; the units left over (fewer than the number of parts) go one each
 * to the parts with the largest remainders, the earlier part first on a tie. So the parts sum to
 * the total exactly, each is within one unit of its exact share, and the result is deterministic.
 * A negative total is allocated as its magnitude and negated, so -1.00 splits like 1.00.
 */
export function allocateUnits(totalUnits: Decimal, wholeRatios: readonly Decimal[]): Decimal[] {
  const magnitude = totalUnits.abs();
  const ratioSum = wholeRatios.reduce((sum, ratio) => sum.plus(ratio), new MoneyDecimal(0));
  const shares = wholeRatios.map((ratio, index) => {
    const numerator = magnitude.times(ratio);
    const floor = numerator.divToInt(ratioSum);
    return { index, floor, remainder: numerator.minus(floor.times(ratioSum)) };
  });
  const floorSum = shares.reduce((sum, share) => sum.plus(share.floor), new MoneyDecimal(0));
  // A count of units, below the number of parts (at most ALLOCATION_PARTS_MAX), not an amount.
  const leftover = magnitude.minus(floorSum).toNumber();

  const byRemainder = [...shares].sort(
    (a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index,
  );
  const units = shares.map((share) => share.floor);
  for (let rank = 0; rank < leftover; rank++) {
    const share = byRemainder[rank] as (typeof shares)[number];
    units[share.index] = share.floor.plus(1);
  }

  const allocated = units.reduce((sum, unit) => sum.plus(unit), new MoneyDecimal(0));
  if (!allocated.equals(magnitude) || leftover < 0 || leftover >= Math.max(shares.length, 1)) {
    throw new Error(
      `Invariant violated: allocation of ${magnitude.toString()} units produced ${allocated.toString()}`,
    );
  }
  return totalUnits.isNegative()
    ? units.map((unit) => (unit.isZero() ? unit : unit.negated()))
    : units;
}

/**
 * Equal allocation of a whole number of minor units into `parts`: the same result as
 * allocateUnits with equal ratios (every remainder ties, so the earlier parts get the extra
 * unit), computed with one division instead of one per part.
 */
export function splitUnits(totalUnits: Decimal, parts: number): Decimal[] {
  const magnitude = totalUnits.abs();
  const base = magnitude.divToInt(parts);
  // A count of units, below `parts` (at most ALLOCATION_PARTS_MAX), not an amount.
  const extraCount = magnitude.minus(base.times(parts)).toNumber();
  const larger = base.plus(1);
  const units = Array.from({ length: parts }, (_, index) => (index < extraCount ? larger : base));

  const allocated = base.times(parts).plus(extraCount);
  if (!allocated.equals(magnitude) || extraCount < 0 || extraCount >= parts) {
    throw new Error(
      `Invariant violated: split of ${magnitude.toString()} units produced ${allocated.toString()}`,
    );
  }
  return totalUnits.isNegative()
    ? units.map((unit) => (unit.isZero() ? unit : unit.negated()))
    : units;
}
