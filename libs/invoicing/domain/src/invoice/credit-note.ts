import { Money } from '@billing/money';
import { DomainError, type FieldProblem } from '@billing/kernel';
import type { CreditedLine, InvoiceEvent } from '@billing/contracts';
import { isIsoDate } from '../shared/business-date';
import type {
  ApproveCreditNoteData,
  IssueCreditNoteData,
  RejectCreditNoteData,
} from './invoice.commands';
import { positiveAmount, receivableStatuses, requireStatus, requireText } from './invoice.guards';
import { amountOpen, amountPaid, statusAfter, type InvoiceState } from './invoice.state';

const creditNoteReasons = ['billing_error', 'dispute', 'goodwill', 'write_off'];

/**
 * Credit notes reduce what the customer owes and never go below zero open: the credit is capped
 * at the open amount (total − paid − credited − written off). Money already paid is not credited
 * here; it is refunded or left as unapplied credit on the payments side.
 */
export function issueCreditNote(d: IssueCreditNoteData, state: InvoiceState): InvoiceEvent[] {
  if (state.creditNoteIds.includes(d.creditNoteId)) return [];
  if (state.pendingCreditNotes[d.creditNoteId]) return []; // the same request again
  if (state.rejectedCreditNoteIds.includes(d.creditNoteId))
    throw new DomainError('CREDIT_NOTE_REJECTED', 'This credit note was rejected', 'conflict');
  requireStatus(state, receivableStatuses, 'credit');
  requireText(d.creditNoteId, 'creditNoteId');
  requireText(d.number, 'number');
  if (!isIsoDate(d.issueDate)) {
    throw new DomainError('INVALID_DATE', 'issueDate must be YYYY-MM-DD', 'invalid', [
      { field: 'issueDate', reason: 'must be YYYY-MM-DD' },
    ]);
  }
  if (state.issueDate !== null && d.issueDate < state.issueDate) {
    throw new DomainError(
      'CREDIT_NOTE_BEFORE_INVOICE',
      `The invoice was issued on ${state.issueDate}; a credit note cannot be dated ${d.issueDate}`,
      'invalid',
      [{ field: 'issueDate', reason: `must not be earlier than ${state.issueDate}` }],
    );
  }
  if (!creditNoteReasons.includes(d.reason)) {
    throw new DomainError('INVALID_COMMAND', 'Unknown credit note reason', 'invalid', [
      { field: 'reason', reason: `must be one of ${creditNoteReasons.join(', ')}` },
    ]);
  }
  if (d.reason === 'dispute') requireText(d.disputeId, 'disputeId');

  const credit = creditedAmounts(d, state);
  const open = amountOpen(state);
  if (credit.amount.greaterThan(open)) {
    throw new DomainError(
      'CREDIT_EXCEEDS_OPEN_AMOUNT',
      `The credit ${credit.amount.amount} exceeds the open amount ${open.amount}`,
      'conflict',
      [{ field: 'scope', reason: `must credit at most the open amount ${open.amount}` }],
    );
  }
  if (d.approval && credit.amount.greaterThan(Money.of(d.approval.threshold, state.currency)))
    return [pendingCreditNote(d, state, credit.amount)];
  const openAfter = open.subtract(credit.amount);
  return [
    {
      type: 'CreditNoteIssued',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        creditNoteId: d.creditNoteId,
        number: d.number,
        currency: state.currency,
        amount: credit.amount.amount,
        netAmount: credit.net.amount,
        taxAmount: credit.tax.amount,
        lines: credit.lines,
        reason: d.reason,
        disputeId: d.disputeId,
        memo: d.memo,
        issueDate: d.issueDate,
        amountOpen: openAfter.amount,
        status: statusAfter(openAfter, amountPaid(state), 'credit'),
      },
    },
  ];
}

function creditedAmounts(
  d: IssueCreditNoteData,
  state: InvoiceState,
): { amount: Money; net: Money; tax: Money; lines?: CreditedLine[] } {
  const currency = state.currency;
  const scope = d.scope;
  if (scope.kind === 'whole' || scope.kind === 'lines') {
    const lineIds = scope.kind === 'whole' ? state.lines.map((line) => line.lineId) : scope.lineIds;
    const problems: FieldProblem[] = [];
    if (lineIds.length === 0)
      problems.push({ field: 'scope.lineIds', reason: 'must name at least one line' });
    const lines = lineIds.flatMap((lineId, index) => {
      const line = state.lines.find((l) => l.lineId === lineId);
      if (!line)
        problems.push({
          field: `scope.lineIds[${index}]`,
          reason: `no line ${lineId} on this invoice`,
        });
      else if (state.creditedLineIds.includes(lineId))
        problems.push({
          field: `scope.lineIds[${index}]`,
          reason: `line ${lineId} was already credited`,
        });
      else if (lineIds.indexOf(lineId) !== index)
        problems.push({
          field: `scope.lineIds[${index}]`,
          reason: `line ${lineId} is listed twice`,
        });
      return line ? [{ lineId, net: line.net, tax: line.tax, total: line.total }] : [];
    });
    if (problems.length > 0)
      throw new DomainError(
        'INVALID_CREDIT_NOTE',
        'The credit note lines are invalid',
        'invalid',
        problems,
      );
    const sum = (pick: (l: CreditedLine) => string) =>
      Money.sum(
        lines.map((l) => Money.of(pick(l), currency)),
        currency,
      );
    return { amount: sum((l) => l.total), net: sum((l) => l.net), tax: sum((l) => l.tax), lines };
  }
  const amount = positiveAmount(scope.amount, currency, state, 'scope.amount');
  const taxTotal = Money.of(state.totals.taxTotal, currency);
  if (taxTotal.isZero()) return { amount, net: amount, tax: Money.zero(currency) };
  // Split the credit between net and tax in the invoice's proportions, losing no minor unit.
  const [net, tax] = amount.allocate([state.totals.subtotal, state.totals.taxTotal]) as [
    Money,
    Money,
  ];
  return { amount, net, tax };
}

function pendingCreditNote(
  d: IssueCreditNoteData,
  state: InvoiceState,
  amount: Money,
): InvoiceEvent {
  const approval = d.approval!;
  return {
    type: 'CreditNoteRequested',
    data: {
      invoiceId: state.invoiceId,
      billingAccountId: state.billingAccountId,
      creditNoteId: d.creditNoteId,
      currency: state.currency,
      amount: amount.amount,
      scope: d.scope,
      reason: d.reason,
      ...(d.memo !== undefined ? { memo: d.memo } : {}),
      requestedBy: approval.requestedBy,
      requestedAt: approval.requestedAt,
      approvalThreshold: Money.of(approval.threshold, state.currency).amount,
    },
  };
}

/** Maker-checker: a billing manager, and never the one who asked for the credit note. */
function ensureCreditNoteChecker(user: string, roles: string[], requestedBy: string): void {
  if (user === requestedBy)
    throw new DomainError(
      'SELF_APPROVAL_FORBIDDEN',
      'A credit note must be decided by someone other than its requester',
      'forbidden',
    );
  if (!Array.isArray(roles) || !roles.includes('billing-manager'))
    throw new DomainError(
      'APPROVER_ROLE_REQUIRED',
      'Only a billing-manager may decide a credit note above the threshold',
      'forbidden',
    );
}

function pendingOf(state: InvoiceState, creditNoteId: string) {
  const pending = state.pendingCreditNotes[creditNoteId];
  if (pending) return pending;
  if (
    state.creditNoteIds.includes(creditNoteId) ||
    state.rejectedCreditNoteIds.includes(creditNoteId)
  )
    throw new DomainError(
      'CREDIT_NOTE_ALREADY_DECIDED',
      'The credit note was already decided',
      'conflict',
    );
  throw new DomainError('CREDIT_NOTE_NOT_FOUND', 'No such pending credit note', 'not_found');
}

/** Approves a pending credit note: CreditNoteApproved and CreditNoteIssued (numbered), together. */
export function approveCreditNote(d: ApproveCreditNoteData, state: InvoiceState): InvoiceEvent[] {
  const pending = pendingOf(state, d.creditNoteId);
  ensureCreditNoteChecker(d.approvedBy, d.approverRoles, pending.requestedBy);
  const withoutPending = { ...state, pendingCreditNotes: {} };
  const issued = issueCreditNote(
    {
      invoiceId: d.invoiceId,
      creditNoteId: d.creditNoteId,
      number: d.number,
      issueDate: d.issueDate,
      scope: pending.scope,
      reason: pending.reason,
      ...(pending.memo !== undefined ? { memo: pending.memo } : {}),
    },
    withoutPending,
  );
  return [
    {
      type: 'CreditNoteApproved',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        creditNoteId: d.creditNoteId,
        requestedBy: pending.requestedBy,
        approvedBy: d.approvedBy,
        approvedAt: d.approvedAt,
      },
    },
    ...issued,
  ];
}

export function rejectCreditNote(d: RejectCreditNoteData, state: InvoiceState): InvoiceEvent[] {
  const pending = pendingOf(state, d.creditNoteId);
  ensureCreditNoteChecker(d.rejectedBy, d.rejectorRoles, pending.requestedBy);
  requireText(d.reason, 'reason');
  return [
    {
      type: 'CreditNoteRejected',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        creditNoteId: d.creditNoteId,
        requestedBy: pending.requestedBy,
        rejectedBy: d.rejectedBy,
        reason: d.reason.trim(),
        rejectedAt: d.rejectedAt,
      },
    },
  ];
}
