import { Currency, Money, isValidAmountString } from '@billing/money';
import { DomainError, type Decider, type FieldProblem } from '@billing/kernel';
import type {
  CreditedLine,
  InvoiceEvent,
  InvoiceStatus,
  PaymentAllocationRejected,
} from '@billing/contracts';
import { addDays, isIsoDate } from '../shared/business-date';
import type {
  ApplyInvoiceAdjustmentData,
  ApplyPaymentAllocationData,
  InvoiceCommand,
  IssueCreditNoteData,
  IssueInvoiceData,
  ReversePaymentAllocationData,
} from './invoice.commands';
import { computeInvoiceLines } from './invoice-lines';
import { reviewProblems } from './invoice.review';
import {
  amountOpen,
  amountPaid,
  draftFingerprint,
  evolveInvoice,
  initialInvoiceState,
  statusAfter,
  type InvoiceState,
} from './invoice.state';

/** Statuses in which an invoice is receivable: payments, credit notes and write-offs apply. */
const receivableStatuses: InvoiceStatus[] = ['issued', 'partially_paid'];
const deliveryChannels = ['email', 'post', 'portal'];
const creditNoteReasons = ['billing_error', 'dispute', 'goodwill', 'write_off'];

function notFound(state: InvoiceState): DomainError | null {
  return state.status === 'none'
    ? new DomainError('INVOICE_NOT_FOUND', 'The invoice does not exist', 'not_found')
    : null;
}

function requireStatus(state: InvoiceState, allowed: InvoiceStatus[], action: string): void {
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

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError('INVALID_COMMAND', `${field} is required`, 'invalid', [
      { field, reason: 'is required' },
    ]);
  }
}

/** A positive amount in the invoice's currency, or a DomainError naming the field. */
function positiveAmount(
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

export function decideInvoice(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  switch (command.type) {
    case 'DraftInvoice': {
      const d = command.data;
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

    case 'UpdateDraft': {
      requireStatus(state, ['draft'], 'update the draft of');
      const d = command.data;
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

    case 'ReviewInvoice': {
      requireStatus(state, ['draft'], 'review');
      const problems = reviewProblems(state, command.data.account, command.data.otherInvoices);
      return [
        {
          type: 'InvoiceReviewed',
          data: {
            invoiceId: state.invoiceId,
            billingAccountId: state.billingAccountId,
            problems,
            ready: problems.length === 0,
            reviewedAt: command.data.reviewedAt,
          },
        },
      ];
    }

    case 'IssueInvoice':
      return issue(command.data, state);

    case 'MarkInvoiceSent': {
      requireStatus(state, ['issued', 'partially_paid', 'paid', 'credited', 'written_off'], 'send');
      const d = command.data;
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

    case 'ApplyPaymentAllocation':
      return applyAllocation(command.data, state);

    case 'ReversePaymentAllocation':
      return reverseAllocation(command.data, state);

    case 'VoidInvoice': {
      if (state.status === 'voided') return [];
      requireStatus(state, ['draft', 'issued'], 'void');
      requireText(command.data.reason, 'reason');
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
          data: { ...command.data, billingAccountId: state.billingAccountId },
        },
      ];
    }

    case 'IssueCreditNote':
      return issueCreditNote(command.data, state);

    case 'ApplyInvoiceAdjustment':
      return writeOff(command.data, state);
  }
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
  const open = amountOpen(state);
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

/** Idempotent per allocation: unknown, rejected or already reversed allocations change nothing. */
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
  const openAfter = amountOpen(state).add(allocation.amount);
  const paidAfter = amountPaid(state).subtract(allocation.amount);
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
        amountReversed: allocation.amount.amount,
        amountOpen: openAfter.amount,
        status,
        reason: d.reason,
      },
    },
  ];
}

/**
 * Credit notes reduce what the customer owes and never go below zero open: the credit is capped
 * at the open amount (total − paid − credited − written off). Money already paid is not credited
 * here; it is refunded or left as unapplied credit on the payments side.
 */
function issueCreditNote(d: IssueCreditNoteData, state: InvoiceState): InvoiceEvent[] {
  if (state.creditNoteIds.includes(d.creditNoteId)) return [];
  requireStatus(state, receivableStatuses, 'credit');
  requireText(d.creditNoteId, 'creditNoteId');
  requireText(d.number, 'number');
  if (!isIsoDate(d.issueDate)) {
    throw new DomainError('INVALID_DATE', 'issueDate must be YYYY-MM-DD', 'invalid', [
      { field: 'issueDate', reason: 'must be YYYY-MM-DD' },
    ]);
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

/** A write-off collections approved: at most the open amount, once per write-off id. */
function writeOff(d: ApplyInvoiceAdjustmentData, state: InvoiceState): InvoiceEvent[] {
  if (state.writeOffIds.includes(d.writeOffId)) return [];
  requireStatus(state, receivableStatuses, 'write off');
  requireText(d.writeOffId, 'writeOffId');
  requireText(d.reason, 'reason');
  const amount = positiveAmount(d.amount, d.currency, state);
  const open = amountOpen(state);
  if (amount.greaterThan(open)) {
    throw new DomainError(
      'WRITE_OFF_EXCEEDS_OPEN_AMOUNT',
      `The write-off ${amount.amount} exceeds the open amount ${open.amount}`,
      'conflict',
      [{ field: 'amount', reason: `must be at most the open amount ${open.amount}` }],
    );
  }
  const openAfter = open.subtract(amount);
  return [
    {
      type: 'InvoiceWrittenOff',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        writeOffId: d.writeOffId,
        currency: state.currency,
        amount: amount.amount,
        amountOpen: openAfter.amount,
        status: statusAfter(openAfter, amountPaid(state), 'write_off'),
        reason: d.reason,
        writtenOffAt: d.writtenOffAt,
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
