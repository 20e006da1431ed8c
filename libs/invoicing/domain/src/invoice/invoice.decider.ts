import { Currency, Money } from '@billing/money';
import { DomainError, type Decider, type FieldProblem } from '@billing/kernel';
import type { InvoiceEvent, PaymentAllocationRejected } from '@billing/contracts';
import { addDays, isIsoDate } from '../shared/business-date';
import type {
  ApplyPaymentAllocationData,
  InvoiceCommand,
  IssueInvoiceData,
  ReversePaymentAllocationData,
} from './invoice.commands';
import { computeInvoiceLines } from './invoice-lines';
import { reviewProblems } from './invoice.review';
import { reverseChargedBackPayment } from './chargeback-reversal';
import { approveCreditNote, issueCreditNote, rejectCreditNote } from './credit-note';
import { creditAcceptedDispute, writeOff } from './invoice.adjustments';
import { positiveAmount, receivableStatuses, requireStatus, requireText } from './invoice.guards';
import {
  amountOpen,
  amountOwed,
  amountPaid,
  amountStillApplied,
  draftFingerprint,
  evolveInvoice,
  initialInvoiceState,
  statusAfter,
  type InvoiceState,
} from './invoice.state';

const deliveryChannels = ['email', 'post', 'portal'];

/** The data of one kind of invoice command. */
type InvoiceCommandData<T extends InvoiceCommand['type']> = Extract<
  InvoiceCommand,
  { type: T }
>['data'];

export function decideInvoice(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  switch (command.type) {
    case 'DraftInvoice':
      return draft(command.data, state);

    case 'UpdateDraft':
      return updateDraft(command.data, state);

    case 'ReviewInvoice':
      return review(command.data, state);

    case 'IssueInvoice':
      return issue(command.data, state);

    case 'MarkInvoiceSent':
      return markSent(command.data, state);

    case 'ApplyPaymentAllocation':
      return applyAllocation(command.data, state);

    case 'ReversePaymentAllocation':
      return reverseAllocation(command.data, state);

    case 'VoidInvoice':
      return voidInvoice(command.data, state);

    case 'IssueCreditNote':
      return issueCreditNote(command.data, state);
    case 'ApproveCreditNote':
      return approveCreditNote(command.data, state);
    case 'RejectCreditNote':
      return rejectCreditNote(command.data, state);

    case 'ApplyInvoiceAdjustment':
      return writeOff(command.data, state);

    case 'CreditAcceptedDispute':
      return creditAcceptedDispute(command.data, state);

    case 'ReverseChargedBackPayment':
      return reverseChargedBackPayment(command.data, state);
  }
}

function draft(d: InvoiceCommandData<'DraftInvoice'>, state: InvoiceState): InvoiceEvent[] {
  if (state.status !== 'none') {
    if (state.draftFingerprint === draftFingerprint(d)) return [];
    throw new DomainError(
      'INVOICE_ALREADY_EXISTS',
      'An invoice with this id already exists',
      'conflict',
    );
  }
  requireText(d.invoiceId, 'invoiceId');
  requireText(d.billingAccountId, 'billingAccountId');
  const { lines, totals } = computeInvoiceLines(d.lines, d.currency);
  return [{ type: 'InvoiceDrafted', data: { ...d, lines, ...totals } }];
}

function updateDraft(d: InvoiceCommandData<'UpdateDraft'>, state: InvoiceState): InvoiceEvent[] {
  requireStatus(state, ['draft'], 'update the draft of');
  const { lines, totals } = computeInvoiceLines(d.lines, state.currency);
  return [
    {
      type: 'InvoiceDraftUpdated',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        lines,
        ...totals,
        purchaseOrderNumber: d.purchaseOrderNumber,
        memo: d.memo,
        updatedAt: d.updatedAt,
      },
    },
  ];
}

function review(d: InvoiceCommandData<'ReviewInvoice'>, state: InvoiceState): InvoiceEvent[] {
  requireStatus(state, ['draft'], 'review');
  const problems = reviewProblems(state, d.account, d.otherInvoices);
  return [
    {
      type: 'InvoiceReviewed',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        problems,
        ready: problems.length === 0,
        reviewedAt: d.reviewedAt,
      },
    },
  ];
}

function markSent(d: InvoiceCommandData<'MarkInvoiceSent'>, state: InvoiceState): InvoiceEvent[] {
  requireStatus(state, ['issued', 'partially_paid', 'paid', 'credited', 'written_off'], 'send');
  const problems: FieldProblem[] = [];
  if (!deliveryChannels.includes(d.channel))
    problems.push({
      field: 'channel',
      reason: `must be one of ${deliveryChannels.join(', ')}`,
    });
  if (typeof d.recipient !== 'string' || d.recipient.trim() === '')
    problems.push({ field: 'recipient', reason: 'is required' });
  else if (d.channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.recipient)) {
    problems.push({
      field: 'recipient',
      reason: 'must be an email address for the email channel',
    });
  }
  if (problems.length > 0)
    throw new DomainError('INVALID_DELIVERY', 'The delivery is invalid', 'invalid', problems);
  return [{ type: 'InvoiceSent', data: { ...d, billingAccountId: state.billingAccountId } }];
}

function voidInvoice(d: InvoiceCommandData<'VoidInvoice'>, state: InvoiceState): InvoiceEvent[] {
  if (state.status === 'voided') return [];
  requireStatus(state, ['draft', 'issued'], 'void');
  requireText(d.reason, 'reason');
  if (
    state.status === 'issued' &&
    !amountOpen(state).equals(Money.of(state.totals.total, state.currency))
  ) {
    throw new DomainError(
      'INVOICE_HAS_APPLICATIONS',
      'Cannot void an invoice with payments, credit notes or write-offs applied; reverse them or issue a credit note',
      'conflict',
    );
  }
  return [
    {
      type: 'InvoiceVoided',
      data: { ...d, billingAccountId: state.billingAccountId },
    },
  ];
}

function issue(d: IssueInvoiceData, state: InvoiceState): InvoiceEvent[] {
  if (state.status !== 'draft' && state.number !== null) {
    // A retry after the invoice was issued with this very number changes nothing.
    if (state.number === d.number) return [];
    throw new DomainError(
      'INVOICE_ALREADY_ISSUED',
      `The invoice was already issued as ${state.number}`,
      'conflict',
    );
  }
  requireStatus(state, ['draft'], 'issue');
  requireText(d.number, 'number');
  if (!isIsoDate(d.issueDate)) {
    throw new DomainError('INVALID_DATE', 'issueDate must be YYYY-MM-DD', 'invalid', [
      { field: 'issueDate', reason: 'must be YYYY-MM-DD' },
    ]);
  }
  const problems = reviewProblems(state, d.account, d.otherInvoices);
  if (problems.length > 0) {
    throw new DomainError(
      'INVOICE_NOT_READY',
      `The invoice cannot be issued: ${problems.map((p) => p.code).join(', ')}`,
      'invalid',
      problems.map((p) => ({ field: p.field, reason: `${p.code}: ${p.message}` })),
    );
  }
  return [
    {
      type: 'InvoiceIssued',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        number: d.number,
        currency: state.currency,
        issueDate: d.issueDate,
        dueDate: addDays(d.issueDate, d.account.paymentTermsDays),
        paymentTermsDays: d.account.paymentTermsDays,
        lines: state.lines,
        ...state.totals,
        purchaseOrderNumber: state.purchaseOrderNumber,
        correctsInvoiceId: state.correctsInvoiceId,
      },
    },
  ];
}

/**
 * An allocation invoicing cannot take becomes an event, not an error: payments learns of it on
 * Kafka and returns the money to the payment's unapplied balance.
 */
function applyAllocation(d: ApplyPaymentAllocationData, state: InvoiceState): InvoiceEvent[] {
  const alreadySeen =
    state.allocations[d.allocationId] !== undefined ||
    state.rejectedAllocationIds.includes(d.allocationId);
  if (alreadySeen) return [];
  requireText(d.allocationId, 'allocationId');
  requireText(d.paymentId, 'paymentId');

  const reject = (
    reason: PaymentAllocationRejected['reason'],
    message: string,
    open: string,
  ): InvoiceEvent[] => [
    {
      type: 'PaymentAllocationRejected',
      data: {
        invoiceId: state.invoiceId || d.invoiceId,
        billingAccountId: state.billingAccountId || d.billingAccountId,
        paymentId: d.paymentId,
        allocationId: d.allocationId,
        currency: d.currency,
        amount: d.amount,
        reason,
        message,
        amountOpen: open,
      },
    },
  ];

  // A draft, or a draft that was voided, was never issued and has no balances.
  if (state.status === 'none' || state.total === null) {
    const currency = state.currency || d.currency;
    const nothingOpen = Currency.isKnown(currency) ? Money.zero(currency).amount : '0';
    return reject('invoice_not_issued', 'The invoice has not been issued', nothingOpen);
  }
  const amount = positiveAmount(d.amount, d.currency, state);
  const open = amountOwed(state);
  // A paid invoice still takes the over-application path: nothing is open, so any amount is too much.
  if (!receivableStatuses.includes(state.status) && state.status !== 'paid') {
    return reject('invoice_not_open', `The invoice is ${state.status}`, open.amount);
  }
  if (amount.greaterThan(open)) {
    return reject(
      'over_application',
      `The amount ${amount.amount} exceeds the open amount ${open.amount}`,
      open.amount,
    );
  }
  const openAfter = open.subtract(amount);
  const paidAfter = amountPaid(state).add(amount);
  return [
    {
      type: 'PaymentAllocationApplied',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        paymentId: d.paymentId,
        allocationId: d.allocationId,
        currency: state.currency,
        amountApplied: amount.amount,
        amountOpen: openAfter.amount,
        status: statusAfter(openAfter, paidAfter, 'payment') as 'partially_paid' | 'paid',
      },
    },
  ];
}

/**
 * Idempotent per allocation: unknown, rejected or already reversed allocations change nothing.
 * What a chargeback already took back stays reversed; the rest of the allocation is undone.
 */
function reverseAllocation(d: ReversePaymentAllocationData, state: InvoiceState): InvoiceEvent[] {
  const allocation = state.allocations[d.allocationId];
  if (allocation === undefined || allocation.reversed) return [];
  if (allocation.paymentId !== d.paymentId) {
    throw new DomainError(
      'ALLOCATION_PAYMENT_MISMATCH',
      `Allocation ${d.allocationId} belongs to another payment`,
      'conflict',
    );
  }
  const remaining = amountStillApplied(allocation);
  const openAfter = amountOpen(state).add(remaining);
  const paidAfter = amountPaid(state).subtract(remaining);
  // A voided invoice never had applications; every other issued status reopens to a receivable.
  const status = statusAfter(openAfter, paidAfter, 'payment');
  return [
    {
      type: 'PaymentAllocationReversed',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        paymentId: d.paymentId,
        allocationId: d.allocationId,
        currency: state.currency,
        amountReversed: remaining.amount,
        amountOpen: openAfter.amount,
        status,
        reason: d.reason,
      },
    },
  ];
}

/** Stream `invoice-<id>`. */
export const invoiceDecider: Decider<InvoiceState, InvoiceCommand, InvoiceEvent> = {
  initialState: initialInvoiceState,
  evolve: evolveInvoice,
  decide: decideInvoice,
};
