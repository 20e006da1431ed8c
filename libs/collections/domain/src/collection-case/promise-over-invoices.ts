import type { CollectionCaseEvent } from '@billing/contracts';
import { DomainError, invariant } from '@billing/kernel';
import { Money } from '@billing/money';
import { currencyOfCases, requestAmount, underInvoice } from '../account-invoices/account-invoices';
import { collectionCaseDecider } from './collection-case.decider';
import { chaseableAmount, type CollectionCaseState } from './collection-case.state';

/** The customer promised to pay `amount` by `date` for these invoices of one account. */
export interface PromiseOverInvoices {
  promiseId: string;
  amount: string;
  /** The currency the client expects the invoices in (a check); absent: not checked. */
  currency?: string;
  date: string;
  today: string;
  madeBy: string;
  /** Each invoice's part as listed (all or none); none: the amount is spread oldest due first. */
  invoices: Array<{ invoiceId: string; amount?: string }>;
}

/** One decision over every invoice's case: all of them take their part, or none does. */
export interface PromiseDecision {
  currency: string;
  /** The promised amount in the currency's minor units. */
  amount: string;
  /** Per invoice, in the order listed: its part and the events for its case. */
  invoices: Array<{
    invoiceId: string;
    invoiceNumber: string;
    amount: string;
    events: CollectionCaseEvent[];
  }>;
}

/**
 * Decides a promise over several invoices as one decision: the parts, then each case's decider on
 * its part. Any refusal (a part, a case) throws, so the caller has nothing to append for any case.
 * `cases` are the listed invoices' cases, in order, already checked to be the account's
 * (`accountInvoiceProblems`).
 */
export function decidePromiseOverInvoices(
  command: PromiseOverInvoices,
  cases: CollectionCaseState[],
): PromiseDecision {
  invariant(cases.length === command.invoices.length, 'one case per listed invoice');
  const currency = currencyOfCases(cases);
  if (command.currency !== undefined && command.currency !== currency) {
    throw new DomainError('CURRENCY_MISMATCH', `The invoices are in ${currency}`, 'invalid', [
      { field: 'currency', reason: `must be the invoices' currency ${currency}` },
    ]);
  }
  const parts = promisedParts(command, cases, currency);
  const invoices = cases.map((state, index) => {
    const { promiseId, date, today, madeBy } = command;
    const amount = parts[index] as string;
    try {
      const events = collectionCaseDecider.decide(
        { type: 'MakePromiseToPay', data: { promiseId, amount, date, today, madeBy } },
        state,
      );
      return { invoiceId: state.invoiceId, invoiceNumber: state.invoiceNumber, amount, events };
    } catch (error) {
      throw underInvoice(error, index, ['amount']);
    }
  });
  return { currency, amount: Money.of(command.amount, currency).amount, invoices };
}

/**
 * Each invoice's part of the promise: as listed, or the amount spread oldest due first (the order
 * payments apply money), so each part can be kept by the payments that will pay that invoice.
 */
export function promisedParts(
  command: Pick<PromiseOverInvoices, 'amount' | 'invoices'>,
  cases: CollectionCaseState[],
  currency: string,
): string[] {
  const total = requestAmount(command.amount, currency, 'amount');
  const listed = command.invoices.map((invoice) => invoice.amount);
  if (listed.every((amount) => amount !== undefined)) {
    return listedParts(listed as string[], total, currency);
  }
  const missing = listed.findIndex((amount) => amount === undefined);
  if (listed.some((amount) => amount !== undefined)) {
    throw new DomainError('PROMISE_PARTS_INCOMPLETE', 'Give every part or none', 'invalid', [
      { field: `invoices[${missing}].amount`, reason: 'is required when another invoice has one' },
    ]);
  }
  return spreadOldestDueFirst(total, cases, currency);
}

function listedParts(listed: string[], total: Money, currency: string): string[] {
  const parts = listed.map((amount, index) =>
    requestAmount(amount, currency, `invoices[${index}].amount`),
  );
  if (!Money.sum(parts, currency).equals(total)) {
    throw new DomainError(
      'PROMISE_PARTS_DO_NOT_SUM',
      'The parts do not sum to the amount',
      'invalid',
      [{ field: 'invoices', reason: `amounts must sum to the promised amount ${total.amount}` }],
    );
  }
  return parts.map((part) => part.amount);
}

function spreadOldestDueFirst(
  total: Money,
  cases: CollectionCaseState[],
  currency: string,
): string[] {
  const order = cases
    .map((state, index) => ({ state, index }))
    .sort((a, b) => a.state.dueDate.localeCompare(b.state.dueDate) || a.index - b.index);
  const parts: Money[] = cases.map(() => Money.zero(currency));
  let left = total;
  for (const { state, index } of order) {
    const part = Money.min(left, chaseableAmount(state));
    parts[index] = part;
    left = left.subtract(part);
  }
  if (left.isPositive()) {
    const chaseable = Money.sum(cases.map(chaseableAmount), currency);
    throw new DomainError('PROMISE_EXCEEDS_OPEN_AMOUNT', 'More than is owed', 'invalid', [
      {
        field: 'amount',
        reason: `must not exceed the ${chaseable.amount} these invoices still owe`,
      },
    ]);
  }
  const unreached = parts.findIndex((part) => part.isZero());
  if (unreached !== -1) {
    throw new DomainError('PROMISE_DOES_NOT_REACH_INVOICE', 'An invoice gets nothing', 'invalid', [
      {
        field: `invoices[${unreached}].invoiceId`,
        reason:
          'gets nothing of the promised amount (earlier invoices take it); leave it out or promise more',
      },
    ]);
  }
  return parts.map((part) => part.amount);
}
