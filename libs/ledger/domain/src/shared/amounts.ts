import { Money } from '@billing/money';

/**
 * Read models keep amounts as canonical decimal strings (plain JSON, stable when serialized) and
 * compute through Money, so no amount is ever a JavaScript number.
 */
export function zeroAmount(currency: string): string {
  return Money.zero(currency).amount;
}

export function addAmounts(a: string, b: string, currency: string): string {
  return Money.of(a, currency).add(Money.of(b, currency)).amount;
}

export function subtractAmounts(a: string, b: string, currency: string): string {
  return Money.of(a, currency).subtract(Money.of(b, currency)).amount;
}

export function sumAmounts(amounts: readonly string[], currency: string): string {
  return Money.sum(
    amounts.map((amount) => Money.of(amount, currency)),
    currency,
  ).amount;
}

export function negateAmount(amount: string, currency: string): string {
  return Money.of(amount, currency).negate().amount;
}

export function canonicalAmount(amount: string, currency: string): string {
  return Money.of(amount, currency).amount;
}

export function isZeroAmount(amount: string, currency: string): boolean {
  return Money.of(amount, currency).isZero();
}

export function isPositiveAmount(amount: string, currency: string): boolean {
  return Money.of(amount, currency).isPositive();
}

export function compareAmounts(a: string, b: string, currency: string): -1 | 0 | 1 {
  return Money.of(a, currency).compare(Money.of(b, currency));
}

export function maxAmount(a: string, b: string, currency: string): string {
  return compareAmounts(a, b, currency) >= 0 ? a : b;
}
