import { DomainError, type FieldProblem } from '@billing/kernel';
import type { CollectionCaseState } from '../collection-case/collection-case.state';
import { Money } from '@billing/money';

/**
 * What is wrong with the invoices a request names for one billing account (a promise, a plan, a
 * write-off): each must be an issued, still collectable invoice of that account, listed once, and
 * all must be in one currency. Every problem at once, naming `invoices[i].invoiceId`; empty when
 * they can be used. `cases` are the invoices' cases in the order listed.
 */
export function accountInvoiceProblems(
  billingAccountId: string,
  invoiceIds: string[],
  cases: CollectionCaseState[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const [index, invoiceId] of invoiceIds.entries()) {
    const field = `invoices[${index}].invoiceId`;
    if (seen.has(invoiceId)) problems.push({ field, reason: 'lists an invoice twice' });
    seen.add(invoiceId);
    const state = cases[index];
    if (!state || state.status === 'untracked' || state.billingAccountId !== billingAccountId) {
      problems.push({ field, reason: 'is not an issued invoice of this billing account' });
    } else if (state.status === 'closed') {
      problems.push({ field, reason: 'is voided or written off: nothing is left to collect' });
    }
  }
  if (problems.length === 0 && currenciesOf(cases).length > 1)
    problems.push({ field: 'invoices', reason: 'must all be in one currency' });
  return problems;
}

/** The refusal for `accountInvoiceProblems`' answer (422 naming each invoice). */
export function unusableInvoices(problems: FieldProblem[]): DomainError {
  return new DomainError(
    'UNKNOWN_INVOICE',
    'Some invoices cannot be used here',
    'invalid',
    problems,
  );
}

/** The one currency of cases that passed `accountInvoiceProblems`. */
export function currencyOfCases(cases: CollectionCaseState[]): string {
  return currenciesOf(cases)[0] as string;
}

function currenciesOf(cases: CollectionCaseState[]): string[] {
  return [...new Set(cases.filter((c) => c.currency).map((c) => c.currency))];
}

/**
 * The domain names fields of one invoice's command (`amount`); a request lists several invoices,
 * so the problem is moved under the invoice it is about (`invoices[2].amount`).
 */
export function underInvoice(error: unknown, index: number, fields: string[]): unknown {
  if (!(error instanceof DomainError)) return error;
  const problems = error.problems.map((problem) =>
    fields.includes(problem.field)
      ? { ...problem, field: `invoices[${index}].${problem.field}` }
      : problem,
  );
  return new DomainError(error.code, error.message, error.kind, problems);
}

/** Parses a request's amount; any bad amount is a 422 `INVALID_AMOUNT` naming the field. */
export function requestAmount(amount: string, currency: string, field: string): Money {
  try {
    return Money.of(amount, currency);
  } catch (error) {
    throw new DomainError('INVALID_AMOUNT', (error as Error).message, 'invalid', [
      { field, reason: (error as Error).message },
    ]);
  }
}
