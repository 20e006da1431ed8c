import type { CollectionCaseState } from '@billing/collections-domain';
import { DomainError, type FieldProblem } from '@billing/kernel';
import type { CollectionsCommands } from './collections-commands';
import { requireKnownAccount } from './known-account';

/**
 * The cases of the invoices a request names, each checked to be an issued invoice of the account,
 * all in one currency. Every problem is reported at once, naming `invoices[i].invoiceId`.
 */
export async function accountCases(
  commands: CollectionsCommands,
  billingAccountId: string,
  invoiceIds: string[],
): Promise<{ cases: CollectionCaseState[]; currency: string }> {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const cases: CollectionCaseState[] = [];
  for (const [index, invoiceId] of invoiceIds.entries()) {
    const field = `invoices[${index}].invoiceId`;
    if (seen.has(invoiceId)) problems.push({ field, reason: 'lists an invoice twice' });
    seen.add(invoiceId);
    const state = await commands.loadCase(invoiceId);
    if (state.status === 'untracked' || state.billingAccountId !== billingAccountId) {
      problems.push({ field, reason: 'is not an issued invoice of this billing account' });
    } else if (state.status === 'closed') {
      problems.push({ field, reason: 'is voided or written off: nothing is left to collect' });
    }
    cases.push(state);
  }
  const currencies = new Set(cases.filter((c) => c.currency).map((c) => c.currency));
  if (problems.length === 0 && currencies.size > 1)
    problems.push({ field: 'invoices', reason: 'must all be in one currency' });
  // An unknown account is the client's real mistake, not each invoice: say so (404 naming `id`).
  // Checked only on refusal, so a known invoice never waits on the account's row.
  if (problems.length > 0) await requireKnownAccount(commands.deps.db, billingAccountId);
  if (problems.length > 0)
    throw new DomainError(
      'UNKNOWN_INVOICE',
      'Some invoices cannot be used here',
      'invalid',
      problems,
    );
  return { cases, currency: [...currencies][0] as string };
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
