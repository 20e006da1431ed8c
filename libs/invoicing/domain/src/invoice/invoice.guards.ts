import { Money, isValidAmountString } from '@billing/money';
import { DomainError, type FieldProblem } from '@billing/kernel';
import type { InvoiceStatus } from '@billing/contracts';
import type { InvoiceState } from './invoice.state';

/** Statuses in which an invoice is receivable: payments, credit notes and write-offs apply. */
export const receivableStatuses: InvoiceStatus[] = ['issued', 'partially_paid'];

export function notFound(state: InvoiceState): DomainError | null {
  return state.status === 'none'
    ? new DomainError('INVOICE_NOT_FOUND', 'The invoice does not exist', 'not_found')
    : null;
}

export function requireStatus(state: InvoiceState, allowed: InvoiceStatus[], action: string): void {
  const missing = notFound(state);
  if (missing) throw missing;
  if (!allowed.includes(state.status as InvoiceStatus)) {
    throw new DomainError(
      'INVOICE_STATUS_CONFLICT',
      `Cannot ${action} an invoice that is ${state.status}`,
      'conflict',
    );
  }
}

export function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError('INVALID_COMMAND', `${field} is required`, 'invalid', [
      { field, reason: 'is required' },
    ]);
  }
}

/** A positive amount in the invoice's currency, or a DomainError naming the field. */
export function positiveAmount(
  amount: unknown,
  currency: unknown,
  state: InvoiceState,
  field = 'amount',
): Money {
  const problems: FieldProblem[] = [];
  if (currency !== state.currency)
    problems.push({ field: 'currency', reason: `must be the invoice currency ${state.currency}` });
  else if (
    typeof amount !== 'string' ||
    !isValidAmountString(amount, state.currency) ||
    !Money.of(amount, state.currency).isPositive()
  ) {
    problems.push({ field, reason: `must be an amount greater than 0 in ${state.currency}` });
  }
  if (problems.length > 0) {
    const code = currency !== state.currency ? 'CURRENCY_MISMATCH' : 'INVALID_AMOUNT';
    throw new DomainError(
      code,
      problems.map((p) => `${p.field} ${p.reason}`).join('; '),
      'invalid',
      problems,
    );
  }
  return Money.of(amount as string, state.currency);
}
