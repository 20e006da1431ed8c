import { Money } from './money';
import { MoneyError } from './money-error';

/**
 * True when Money.of(amount, currency) would succeed: a plain decimal string, a known uppercase
 * currency, no more decimals than its minor units, within range. Never throws, for validators.
 */
export function isValidAmountString(amount: string, currency: string): boolean {
  try {
    Money.of(amount, currency);
    return true;
  } catch (error) {
    if (error instanceof MoneyError) return false;
    throw error; // anything else is a bug, not an invalid amount
  }
}
