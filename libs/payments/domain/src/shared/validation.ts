import { Currency, Money, isValidAmountString } from '@billing/money';
import { isIsoDate, type FieldProblem } from '@billing/kernel';

/** A real calendar date `YYYY-MM-DD` (defined once, in the kernel). */
export { isIsoDate };

export function isKnownCurrency(value: unknown): value is string {
  return typeof value === 'string' && Currency.isKnown(value);
}

/** Pushes a problem unless `amount` is a positive amount with the currency's minor units. */
export function checkPositiveAmount(
  amount: unknown,
  currency: string,
  field: string,
  problems: FieldProblem[],
): Money | null {
  if (typeof amount === 'string' && isValidAmountString(amount, currency)) {
    const money = Money.of(amount, currency);
    if (money.isPositive()) return money;
  }
  problems.push({ field, reason: `must be an amount greater than 0 in ${currency}` });
  return null;
}

export function checkText(
  value: unknown,
  field: string,
  problems: FieldProblem[],
  lengthMax = 200,
): void {
  if (typeof value !== 'string' || value.trim() === '')
    problems.push({ field, reason: 'is required' });
  else if (value.length > lengthMax)
    problems.push({ field, reason: `must be at most ${lengthMax} characters` });
}
