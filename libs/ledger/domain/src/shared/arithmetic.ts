import { Money, formatMinorUnits, parseMinorUnits } from '@billing/money';

/**
 * The arithmetic a fold does on amounts, behind one small interface so the ledger can fold with
 * integers while a decimal.js reference (the arithmetic the ledger used before) stays available
 * to prove the two agree and to measure the difference. Values never leave a fold: read models
 * and events keep canonical decimal strings.
 */
export interface Arithmetic<V> {
  readonly name: string;
  parse(text: string, currency: string): V;
  format(value: V, currency: string): string;
  add(a: V, b: V): V;
  subtract(a: V, b: V): V;
  sign(value: V): -1 | 0 | 1;
}

/** Whole minor units in a bigint: one integer addition per step, nothing to round, no float. */
export const integerArithmetic: Arithmetic<bigint> = {
  name: 'bigint minor units',
  parse: parseMinorUnits,
  format: formatMinorUnits,
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  sign: (v) => (v > 0n ? 1 : v < 0n ? -1 : 0),
};

/** decimal.js through Money: the previous arithmetic, kept as the reference. */
export const decimalArithmetic: Arithmetic<Money> = {
  name: 'decimal.js Money',
  parse: (text, currency) => Money.of(text, currency),
  format: (value) => value.amount,
  add: (a, b) => a.add(b),
  subtract: (a, b) => a.subtract(b),
  sign: (v) => (v.isZero() ? 0 : v.isPositive() ? 1 : -1),
};
