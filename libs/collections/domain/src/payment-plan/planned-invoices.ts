import { DomainError, type FieldProblem } from '@billing/kernel';
import { Money } from '@billing/money';
import {
  amountHeld,
  chaseableAmount,
  type CollectionCaseState,
} from '../collection-case/collection-case.state';

/** What a plan covers: each invoice's part, in the order listed, and their sum. */
export interface PlannedInvoices {
  invoices: Array<{ invoiceId: string; amount: string }>;
  total: string;
}

/**
 * What a new plan covers of each invoice: the amount asked, else all that is open and not
 * disputed; never more than that, never an invoice already under a plan or with nothing left to
 * plan. Every problem at once (422 `INVALID_PLAN_INVOICES`). `asked[i]` is for `cases[i]`.
 */
export function plannedInvoices(
  asked: Array<string | undefined>,
  cases: CollectionCaseState[],
  currency: string,
): PlannedInvoices {
  const problems: FieldProblem[] = [];
  const covered = cases.map((state, index) =>
    coveredOf(state, asked[index], index, currency, problems),
  );
  if (problems.length > 0)
    throw new DomainError(
      'INVALID_PLAN_INVOICES',
      'The plan cannot cover these amounts',
      'invalid',
      problems,
    );
  return {
    invoices: cases.map((state, index) => ({
      invoiceId: state.invoiceId,
      amount: (covered[index] as Money).amount,
    })),
    total: Money.sum(covered, currency).amount,
  };
}

function coveredOf(
  state: CollectionCaseState,
  asked: string | undefined,
  index: number,
  currency: string,
  problems: FieldProblem[],
): Money {
  const field = `invoices[${index}].amount`;
  if (state.plan) {
    problems.push({
      field: `invoices[${index}].invoiceId`,
      reason: `is already under payment plan ${state.plan.planId}`,
    });
    return Money.zero(currency);
  }
  const available = Money.max(
    Money.of(state.amountOpen, currency).subtract(amountHeld(state)),
    Money.zero(currency),
  );
  if (asked === undefined) {
    if (!chaseableAmount(state).isPositive())
      problems.push({ field: `invoices[${index}].invoiceId`, reason: 'has nothing left to plan' });
    return available;
  }
  let amount: Money;
  try {
    amount = Money.of(asked, currency);
  } catch (error) {
    problems.push({ field, reason: (error as Error).message });
    return Money.zero(currency);
  }
  if (!amount.isPositive()) problems.push({ field, reason: 'must be greater than zero' });
  else if (amount.greaterThan(available))
    problems.push({
      field,
      reason: `must not exceed the ${available.amount} open and not disputed on this invoice`,
    });
  return amount;
}
