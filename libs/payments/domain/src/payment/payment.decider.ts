import { Money } from '@billing/money';
import { DomainError, deriveId, invariant, type Decider, type FieldProblem } from '@billing/kernel';
import type { Allocation, PaymentEvent, PaymentMethod, RemittanceLine } from '@billing/contracts';
import {
  allocateOldestDueFirst,
  type OpenInvoice,
  type ProposedAllocation,
} from '../allocation/allocate-oldest-due-first';
import { checkPositiveAmount, checkText, isIsoDate, isKnownCurrency } from '../shared/validation';
import type {
  AllocatePaymentData,
  IssuePaymentConfirmationData,
  PaymentCommand,
  RecordAllocationOutcomeData,
  RecordPaymentData,
} from './payment.commands';
import { receiveChargeback } from './chargeback';
import {
  amountStillAllocated,
  balancesOf,
  evolvePayment,
  initialPaymentState,
  paymentFingerprint,
  type PaymentState,
} from './payment.state';

const paymentMethods: PaymentMethod[] = ['bank_transfer', 'card', 'check', 'direct_debit'];

/** Bounds: one payment's remittance advice, and all allocations one payment may ever have. */
export const remittanceLinesMax = 500;
export const allocationsPerPaymentMax = 1000;
/** Open invoices one allocation looks at; a larger account is allocated in several calls. */
export const openInvoicesMax = 5000;

/** Deterministic, so a retried AllocatePayment proposes the very same allocation ids. */
export function allocationIdFor(paymentId: string, invoiceId: string, sequence: number): string {
  return deriveId('allocation', paymentId, invoiceId, sequence);
}

function invalid(code: string, message: string, problems: FieldProblem[]): DomainError {
  return new DomainError(code, message, 'invalid', problems);
}

function requireReceived(state: PaymentState): void {
  if (state.status === 'none')
    throw new DomainError('PAYMENT_NOT_FOUND', 'The payment does not exist', 'not_found');
  if (state.status === 'reversed')
    throw new DomainError('PAYMENT_REVERSED', 'The payment was reversed', 'conflict');
}

/** The data of one kind of payment command. */
type PaymentCommandData<T extends PaymentCommand['type']> = Extract<
  PaymentCommand,
  { type: T }
>['data'];

export function decidePayment(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'RecordPayment':
      return recordPayment(command.data, state);
    case 'AllocatePayment':
      return allocatePayment(command.data, state);
    case 'RecordAllocationOutcome':
      return recordOutcome(command.data, state);
    case 'ReversePayment':
      return reverse(command.data, state);
    case 'RefundUnapplied':
      return refundUnapplied(command.data, state);
    case 'IssuePaymentConfirmation':
      return issueConfirmation(command.data, state);
    case 'ReceiveChargeback':
      return receiveChargeback(command.data, state);
  }
}

function reverse(d: PaymentCommandData<'ReversePayment'>, state: PaymentState): PaymentEvent[] {
  if (state.status === 'reversed') return [];
  requireReceived(state);
  const problems: FieldProblem[] = [];
  checkText(d.reason, 'reason', problems);
  if (problems.length > 0) throw invalid('REASON_REQUIRED', 'A reason is required', problems);
  // What chargebacks already took back is gone from the bank already; the rest is reversed.
  const toReverse: Allocation[] = state.allocations
    .filter((a) => a.status === 'pending' || a.status === 'confirmed')
    .filter((a) => amountStillAllocated(a).isPositive())
    .map((a) => ({
      allocationId: a.allocationId,
      invoiceId: a.invoiceId,
      amount: amountStillAllocated(a).amount,
    }));
  return [
    {
      type: 'PaymentReversed',
      data: {
        paymentId: state.paymentId,
        billingAccountId: state.billingAccountId,
        currency: state.currency,
        reason: d.reason,
        allocationsToReverse: toReverse,
        unappliedReleased: balancesOf(state).unapplied.amount,
        reversedAt: d.reversedAt,
      },
    },
  ];
}

function refundUnapplied(
  d: PaymentCommandData<'RefundUnapplied'>,
  state: PaymentState,
): PaymentEvent[] {
  if (state.refundIds.includes(d.refundId)) return [];
  requireReceived(state);
  const problems: FieldProblem[] = [];
  checkText(d.refundId, 'refundId', problems);
  if (d.currency !== state.currency)
    problems.push({
      field: 'currency',
      reason: `must be the payment currency ${state.currency}`,
    });
  const amount = checkPositiveAmount(d.amount, state.currency, 'amount', problems);
  if (problems.length > 0 || amount === null)
    throw invalid('INVALID_REFUND', 'The refund is invalid', problems);
  const unapplied = balancesOf(state).unapplied;
  if (amount.greaterThan(unapplied)) {
    throw new DomainError(
      'REFUND_EXCEEDS_UNAPPLIED',
      `Only ${unapplied.amount} is unapplied`,
      'conflict',
      [{ field: 'amount', reason: `must be at most the unapplied ${unapplied.amount}` }],
    );
  }
  return [
    {
      type: 'UnappliedCreditRefunded',
      data: {
        paymentId: state.paymentId,
        billingAccountId: state.billingAccountId,
        refundId: d.refundId,
        currency: state.currency,
        amount: amount.amount,
        unappliedAfter: unapplied.subtract(amount).amount,
        refundedAt: d.refundedAt,
      },
    },
  ];
}

function recordPayment(d: RecordPaymentData, state: PaymentState): PaymentEvent[] {
  if (state.status !== 'none') {
    if (state.fingerprint === paymentFingerprint(d)) return [];
    throw new DomainError(
      'PAYMENT_ALREADY_RECORDED',
      `Payment ${state.paymentId} already exists`,
      'conflict',
    );
  }
  const problems: FieldProblem[] = [];
  checkText(d.paymentId, 'paymentId', problems);
  checkText(d.billingAccountId, 'billingAccountId', problems);
  checkText(d.externalReference, 'externalReference', problems, 140);
  if (!paymentMethods.includes(d.method))
    problems.push({ field: 'method', reason: `must be one of ${paymentMethods.join(', ')}` });
  if (!isIsoDate(d.receivedDate))
    problems.push({ field: 'receivedDate', reason: 'must be a calendar date YYYY-MM-DD' });
  if (!isKnownCurrency(d.currency)) {
    problems.push({ field: 'currency', reason: 'must be a known ISO 4217 currency code' });
    throw invalid('INVALID_PAYMENT', 'The payment is invalid', problems);
  }
  const amount = checkPositiveAmount(d.amount, d.currency, 'amount', problems);
  const remittance = d.remittance ?? [];
  if (remittance.length > remittanceLinesMax) {
    problems.push({ field: 'remittance', reason: `must have at most ${remittanceLinesMax} lines` });
  }
  const remitted = remittance.map((line, index) => {
    checkText(line.invoiceId, `remittance[${index}].invoiceId`, problems);
    return checkPositiveAmount(line.amount, d.currency, `remittance[${index}].amount`, problems);
  });
  if (
    amount &&
    remitted.every((m) => m !== null) &&
    Money.sum(remitted as Money[], d.currency).greaterThan(amount)
  ) {
    problems.push({
      field: 'remittance',
      reason: `the remitted amounts exceed the payment ${amount.amount}`,
    });
  }
  if (problems.length > 0 || amount === null)
    throw invalid('INVALID_PAYMENT', 'The payment is invalid', problems);
  return [{ type: 'PaymentReceived', data: { ...d, amount: amount.amount } }];
}

/** Open amount per invoice, less what this payment already has pending on it. */
function effectiveOpenInvoices(state: PaymentState, invoices: OpenInvoice[]): OpenInvoice[] {
  return invoices.map((invoice) => {
    if (invoice.currency !== state.currency) return invoice;
    const pending = state.allocations
      .filter((a) => a.invoiceId === invoice.invoiceId && a.status === 'pending')
      .map((a) => a.amount);
    const open = Money.of(invoice.amountOpen, state.currency).subtract(
      Money.sum(pending, state.currency),
    );
    return { ...invoice, amountOpen: Money.max(open, Money.zero(state.currency)).amount };
  });
}

function instructedAllocations(
  state: PaymentState,
  instructions: RemittanceLine[],
  invoices: OpenInvoice[],
): ProposedAllocation[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const proposed = instructions.flatMap((line, index) => {
    const field = `instructions[${index}]`;
    const invoice = invoices.find((i) => i.invoiceId === line.invoiceId);
    const amount = checkPositiveAmount(line.amount, state.currency, `${field}.amount`, problems);
    if (!invoice) {
      problems.push({
        field: `${field}.invoiceId`,
        reason: `invoice ${line.invoiceId} is not open on this account`,
      });
      return [];
    }
    if (seen.has(line.invoiceId))
      problems.push({ field: `${field}.invoiceId`, reason: 'is listed more than once' });
    seen.add(line.invoiceId);
    if (invoice.currency !== state.currency) {
      problems.push({
        field: `${field}.invoiceId`,
        reason: `invoice is in ${invoice.currency}, the payment in ${state.currency}`,
      });
      return [];
    }
    if (amount === null) return [];
    if (amount.greaterThan(Money.of(invoice.amountOpen, state.currency))) {
      problems.push({
        field: `${field}.amount`,
        reason: `exceeds the invoice's open amount ${invoice.amountOpen}`,
      });
    }
    return [{ invoiceId: line.invoiceId, amount }];
  });
  const unapplied = balancesOf(state).unapplied;
  if (
    problems.length === 0 &&
    Money.sum(
      proposed.map((p) => p.amount),
      state.currency,
    ).greaterThan(unapplied)
  ) {
    problems.push({
      field: 'instructions',
      reason: `the amounts exceed the unapplied ${unapplied.amount}`,
    });
  }
  if (instructions.length === 0)
    problems.push({ field: 'instructions', reason: 'must list at least one invoice' });
  if (problems.length > 0)
    throw invalid('INVALID_ALLOCATION', 'The allocation instructions are invalid', problems);
  return proposed;
}

function allocatePayment(d: AllocatePaymentData, state: PaymentState): PaymentEvent[] {
  requireReceived(state);
  const problems: FieldProblem[] = [];
  if (!Array.isArray(d.openInvoices) || d.openInvoices.length > openInvoicesMax) {
    problems.push({
      field: 'openInvoices',
      reason: `must be a list of at most ${openInvoicesMax} invoices`,
    });
  }
  if (
    d.instructions !== undefined &&
    (!Array.isArray(d.instructions) || d.instructions.length > remittanceLinesMax)
  ) {
    problems.push({
      field: 'instructions',
      reason: `must be a list of at most ${remittanceLinesMax} lines`,
    });
  }
  if (problems.length > 0)
    throw invalid('INVALID_ALLOCATION', 'The allocation request is too large', problems);
  const invoices = effectiveOpenInvoices(state, d.openInvoices);
  const unapplied = balancesOf(state).unapplied;
  const proposed =
    d.instructions === undefined
      ? allocateOldestDueFirst(unapplied, invoices).allocations
      : instructedAllocations(state, d.instructions, invoices);
  if (proposed.length === 0) return [];
  if (state.allocations.length + proposed.length > allocationsPerPaymentMax) {
    throw new DomainError(
      'TOO_MANY_ALLOCATIONS',
      `A payment may have at most ${allocationsPerPaymentMax} allocations`,
      'conflict',
    );
  }
  const allocations: Allocation[] = proposed.map((p, index) => ({
    allocationId: allocationIdFor(state.paymentId, p.invoiceId, state.allocations.length + index),
    invoiceId: p.invoiceId,
    amount: p.amount.amount,
  }));
  const unappliedAfter = unapplied.subtract(
    Money.sum(
      proposed.map((p) => p.amount),
      state.currency,
    ),
  );
  invariant(!unappliedAfter.isNegative(), 'allocation must not exceed the unapplied balance');
  return [
    {
      type: 'PaymentAllocated',
      data: {
        paymentId: state.paymentId,
        billingAccountId: state.billingAccountId,
        currency: state.currency,
        mode: d.instructions === undefined ? 'automatic' : 'instructed',
        allocations,
        unappliedAfter: unappliedAfter.amount,
        allocatedAt: d.allocatedAt,
      },
    },
  ];
}

/**
 * Invoicing's answer to one allocation. Idempotent per allocation id: the same answer again
 * changes nothing. After a reversal, late answers change nothing either: the reversal already
 * accounted for the allocation, and invoicing reverses it if it had applied it.
 */
function recordOutcome(d: RecordAllocationOutcomeData, state: PaymentState): PaymentEvent[] {
  if (state.status === 'none')
    throw new DomainError('PAYMENT_NOT_FOUND', 'The payment does not exist', 'not_found');
  const allocation = state.allocations.find((a) => a.allocationId === d.allocationId);
  if (!allocation)
    throw new DomainError(
      'ALLOCATION_NOT_FOUND',
      `No allocation ${d.allocationId} on this payment`,
      'not_found',
    );
  if (allocation.status === 'reversed') return [];
  const wanted = d.outcome === 'applied' ? 'confirmed' : 'returned';
  if (allocation.status === wanted) return [];
  if (allocation.status !== 'pending') {
    throw new DomainError(
      'ALLOCATION_OUTCOME_CONFLICT',
      `Allocation ${d.allocationId} is already ${allocation.status}`,
      'conflict',
    );
  }
  const base = {
    paymentId: state.paymentId,
    billingAccountId: state.billingAccountId,
    allocationId: allocation.allocationId,
    invoiceId: allocation.invoiceId,
    currency: state.currency,
    amount: allocation.amount.amount,
  };
  if (d.outcome === 'applied') return [{ type: 'AllocationConfirmed', data: base }];
  return [
    {
      type: 'AllocationReturned',
      data: {
        ...base,
        reason: d.reason ?? 'rejected by invoicing',
        unappliedAfter: balancesOf(state).unapplied.add(allocation.amount).amount,
      },
    },
  ];
}

/**
 * A receipt once the whole payment is applied and confirmed; before that only when the customer
 * asks and something has been allocated (pending allocations are listed as such).
 */
function issueConfirmation(d: IssuePaymentConfirmationData, state: PaymentState): PaymentEvent[] {
  if (state.confirmationIds.includes(d.confirmationId)) return [];
  requireReceived(state);
  const b = balancesOf(state);
  invariant(state.method !== null, 'a received payment has a method');
  const method = state.method;
  // Fully applied: nothing left to allocate or awaiting invoicing (a refunded part counts as settled).
  const fullyApplied = b.confirmed.isPositive() && b.pending.isZero() && b.unapplied.isZero();
  const anythingApplied = b.confirmed.add(b.pending).isPositive();
  if (!fullyApplied && !(d.onRequest && anythingApplied)) {
    throw new DomainError(
      'PAYMENT_NOT_APPLIED',
      d.onRequest
        ? 'Nothing of the payment has been applied yet'
        : 'The payment is not fully applied; ask with onRequest for a partial receipt',
      'conflict',
    );
  }
  const listed = state.allocations.filter(
    (a) => a.status === 'pending' || a.status === 'confirmed',
  );
  return [
    {
      type: 'PaymentConfirmationIssued',
      data: {
        paymentId: state.paymentId,
        billingAccountId: state.billingAccountId,
        confirmationId: d.confirmationId,
        currency: state.currency,
        amount: b.amount.amount,
        method,
        externalReference: state.externalReference,
        receivedDate: state.receivedDate,
        allocations: listed.map((a) => ({
          allocationId: a.allocationId,
          invoiceId: a.invoiceId,
          invoiceNumber: d.invoiceNumbers[a.invoiceId] ?? '',
          amount: a.amount.amount,
          status: a.status as 'pending' | 'confirmed',
        })),
        applied: b.confirmed.add(b.pending).amount,
        unapplied: b.unapplied.amount,
        refunded: b.refunded.amount,
        issuedAt: d.issuedAt,
      },
    },
  ];
}

/** Stream `payment-<id>`. */
export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = {
  initialState: initialPaymentState,
  evolve: evolvePayment,
  decide: decidePayment,
};
