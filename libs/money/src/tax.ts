import Decimal from 'decimal.js';
import { ensureFactorFitsPrecision, toMoneyDecimal } from './decimal';
import { Money } from './money';
import { MoneyError } from './money-error';
import { RoundingMode } from './rounding';

/**
 * Tax on a net amount at `rate`, a decimal fraction from 0 to 1 inclusive ("0.2" is 20%), rounded
 * once to minor units (HALF_EVEN by default). A negative net (a credit) gives a negative tax.
 */
export function taxOnAmount(net: Money, rate: Decimal | string, mode?: RoundingMode): Money {
  const fraction = toMoneyDecimal(rate, 'INVALID_RATE', 'Tax rate');
  if (fraction.isNegative() && !fraction.isZero()) {
    throw new MoneyError(
      'INVALID_RATE',
      `Tax rate ${fraction.toString()} is negative; use a fraction from 0 to 1 ("0.2" is 20%)`,
    );
  }
  if (fraction.greaterThan(1)) {
    throw new MoneyError(
      'INVALID_RATE',
      `Tax rate ${fraction.toString()} is above 1; use a fraction from 0 to 1 ("0.2" is 20%)`,
    );
  }
  ensureFactorFitsPrecision(fraction, 'INVALID_RATE', 'Tax rate');
  return net.multiply(fraction, mode);
}
