import Decimal from 'decimal.js';

/**
 * How a value between two minor units is rounded.
 * - HALF_EVEN (the default): ties go to the even neighbour ("banker's rounding"), so over many
 *   roundings ties do not drift the total up or down.
 * - HALF_UP / HALF_DOWN: ties away from / towards zero (as java.math.RoundingMode).
 * - UP / DOWN: always away from / towards zero.
 * - CEIL / FLOOR: always towards +infinity / -infinity.
 */
export type RoundingMode = 'HALF_EVEN' | 'HALF_UP' | 'HALF_DOWN' | 'UP' | 'DOWN' | 'CEIL' | 'FLOOR';

export const DEFAULT_ROUNDING_MODE: RoundingMode = 'HALF_EVEN';

const DECIMAL_ROUNDING: Readonly<Record<RoundingMode, Decimal.Rounding>> = Object.freeze({
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_DOWN: Decimal.ROUND_HALF_DOWN,
  UP: Decimal.ROUND_UP,
  DOWN: Decimal.ROUND_DOWN,
  CEIL: Decimal.ROUND_CEIL,
  FLOOR: Decimal.ROUND_FLOOR,
});

export const ROUNDING_MODES: readonly RoundingMode[] = Object.freeze(
  Object.keys(DECIMAL_ROUNDING) as RoundingMode[],
);

/** The decimal.js rounding constant for `mode`; an unknown mode is a programming error. */
export function toDecimalRounding(mode: RoundingMode = DEFAULT_ROUNDING_MODE): Decimal.Rounding {
  const rounding = Object.prototype.hasOwnProperty.call(DECIMAL_ROUNDING, mode)
    ? DECIMAL_ROUNDING[mode]
    : undefined;
  if (rounding === undefined) {
    throw new RangeError(
      `Unknown rounding mode ${JSON.stringify(mode)}; use one of ${ROUNDING_MODES.join(', ')}`,
    );
  }
  return rounding;
}
