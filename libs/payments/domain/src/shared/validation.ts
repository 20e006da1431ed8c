import { Currency, Money, isValidAmountString } from '@billing/money';
import type { FieldProblem } from '@billing/kernel';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD`, checked without `Date` (no clock, no time zone). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

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
