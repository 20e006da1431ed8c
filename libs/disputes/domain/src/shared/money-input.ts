import { DomainError } from '@billing/kernel';
import { Money, MoneyError } from '@billing/money';

/** Parses an amount from a command; a bad amount or currency is a 422 naming the field. */
export function moneyInput(amount: string, currency: string, field: string): Money {
  try {
    return Money.of(amount, currency);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw new DomainError(error.code, error.message, 'invalid', [
        { field, reason: error.message },
      ]);
    }
    throw error;
  }
}

/** Parses an amount that must be above zero. */
export function positiveMoneyInput(amount: string, currency: string, field: string): Money {
  const value = moneyInput(amount, currency, field);
  if (!value.isPositive()) throw invalid('AMOUNT_NOT_POSITIVE', field, 'must be greater than zero');
  return value;
}

export function invalid(code: string, field: string, reason: string): DomainError {
  return new DomainError(code, `${field} ${reason}`, 'invalid', [{ field, reason }]);
}

export function conflict(code: string, message: string): DomainError {
  return new DomainError(code, message, 'conflict');
}

/** Reads an amount already in state or an event: it was validated when it came in. */
export function stored(amount: string, currency: string): Money {
  return Money.of(amount, currency);
}
