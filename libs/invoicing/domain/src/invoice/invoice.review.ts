import { Money } from '@billing/money';
import type { ReviewProblem } from '@billing/contracts';
import type { AccountSnapshot } from '../billing-account/billing-account.decider';
import { periodsOverlap } from '../shared/business-date';
import type { OtherInvoiceSummary } from './invoice.commands';
import { linesFingerprint, servicePeriodOf } from './invoice-lines';
import type { InvoiceState } from './invoice.state';

/**
 * Everything that would make the invoice wrong or unwelcome, all at once: the coordinator fixes
 * the whole list in one pass instead of discovering problems one by one. The same checks run
 * again at issue, because the account or the other invoices may have changed since the review.
 */
export function reviewProblems(
  state: InvoiceState,
  account: AccountSnapshot,
  otherInvoices: OtherInvoiceSummary[],
): ReviewProblem[] {
  return [
    ...accountProblems(account, state),
    ...contentProblems(state, account),
    ...statedTotalProblems(state),
    ...duplicateProblems(state, otherInvoices),
  ];
}

function accountProblems(account: AccountSnapshot, state: InvoiceState): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  if (account.billingAccountId !== state.billingAccountId) {
    problems.push({
      code: 'ACCOUNT_MISMATCH',
      field: 'billingAccountId',
      message: 'The account snapshot is for another account',
    });
  }
  if (account.closed) {
    problems.push({
      code: 'ACCOUNT_CLOSED',
      field: 'billingAccountId',
      message: 'The billing account is closed',
    });
  }
  if (!account.verified) {
    problems.push({
      code: 'ACCOUNT_NOT_VERIFIED',
      field: 'billingAccountId',
      message: "The account's billing details are not verified",
    });
  }
  if (account.onHold) {
    problems.push({
      code: 'ACCOUNT_ON_CREDIT_HOLD',
      field: 'billingAccountId',
      message: 'The account is on credit hold',
    });
  }
  return problems;
}

function contentProblems(state: InvoiceState, account: AccountSnapshot): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  if (state.lines.length === 0) {
    problems.push({ code: 'NO_LINES', field: 'lines', message: 'The invoice has no lines' });
  } else if (!Money.of(state.totals.total, state.currency).isPositive()) {
    problems.push({
      code: 'TOTAL_NOT_POSITIVE',
      field: 'lines',
      message: 'The invoice total must be greater than zero',
    });
  }
  if (account.purchaseOrderRequired && (state.purchaseOrderNumber ?? '').trim() === '') {
    problems.push({
      code: 'PURCHASE_ORDER_REQUIRED',
      field: 'purchaseOrderNumber',
      message: 'The account requires a purchase order number on every invoice',
    });
  }
  if (account.currency !== state.currency) {
    problems.push({
      code: 'CURRENCY_MISMATCH',
      field: 'currency',
      message: `The invoice is in ${state.currency} but the account is billed in ${account.currency}`,
    });
  }
  return problems;
}

function statedTotalProblems(state: InvoiceState): ReviewProblem[] {
  return state.lines.flatMap((line, index) => {
    if (line.statedTotal === undefined) return [];
    if (Money.of(line.statedTotal, state.currency).equals(Money.of(line.total, state.currency)))
      return [];
    return [
      {
        code: 'STATED_TOTAL_MISMATCH',
        field: `lines[${index}].statedTotal`,
        message: `Line ${line.lineId}: stated total ${line.statedTotal} differs from the computed total ${line.total}`,
      },
    ];
  });
}

/**
 * Same account, an overlapping service period, and the same purchase order, the same lines or
 * the same total: probably billed twice. Without a PO the lines and the total still tell (a
 * coordinator re-keying last month's invoice rarely changes either).
 */
function duplicateProblems(
  state: InvoiceState,
  otherInvoices: OtherInvoiceSummary[],
): ReviewProblem[] {
  const period = servicePeriodOf(state.lines);
  if (period === null || state.lines.length === 0) return [];
  const mine = {
    purchaseOrder: (state.purchaseOrderNumber ?? '').trim(),
    lines: linesFingerprint(state.lines),
    total: Money.of(state.totals.total, state.currency),
  };
  return otherInvoices.flatMap((other) => {
    if (
      other.invoiceId === state.invoiceId ||
      other.billingAccountId !== state.billingAccountId ||
      other.status === 'voided' ||
      other.servicePeriod === undefined ||
      !periodsOverlap(other.servicePeriod, period)
    )
      return [];
    const name = other.number ?? other.invoiceId;
    const samePurchaseOrder =
      mine.purchaseOrder !== '' && (other.purchaseOrderNumber ?? '').trim() === mine.purchaseOrder;
    if (samePurchaseOrder)
      return [
        duplicate(
          'purchaseOrderNumber',
          `Invoice ${name} bills the same purchase order ${mine.purchaseOrder} for an overlapping service period`,
        ),
      ];
    if (other.linesFingerprint === mine.lines)
      return [
        duplicate(
          'lines',
          `Invoice ${name} bills the same lines for an overlapping service period`,
        ),
      ];
    const sameTotal =
      other.total !== undefined &&
      other.currency === state.currency &&
      Money.of(other.total, state.currency).equals(mine.total);
    if (sameTotal)
      return [
        duplicate(
          'lines',
          `Invoice ${name} bills the same total ${other.total} ${state.currency} for an overlapping service period`,
        ),
      ];
    return [];
  });
}

function duplicate(field: string, message: string): ReviewProblem {
  return { code: 'POSSIBLE_DUPLICATE', field, message };
}
