import { Money } from '@billing/money';
import { invariant } from '@billing/kernel';
import type {
  CreditNoteRequested,
  InvoiceEvent,
  InvoiceLine,
  InvoiceStatus,
  InvoiceTotals,
  ReviewProblem,
} from '@billing/contracts';

export interface AppliedAllocation {
  paymentId: string;
  amount: Money;
  /** Reversed so far: all of it when the payment bounced, a part after a chargeback. */
  amountReversed: Money;
  /** Nothing of the allocation is left applied. */
  reversed: boolean;
}

/** What of an allocation is still applied to the invoice. */
export function amountStillApplied(allocation: AppliedAllocation): Money {
  return allocation.amount.subtract(allocation.amountReversed);
}

/** The key under which an adjustment decided by another context was settled (applied or not). */
export function adjustmentKey(source: 'write_off' | 'dispute', id: string): string {
  return `${source}:${id}`;
}

export interface InvoiceState {
  status: 'none' | InvoiceStatus;
  invoiceId: string;
  billingAccountId: string;
  currency: string;
  lines: InvoiceLine[];
  totals: InvoiceTotals;
  purchaseOrderNumber?: string;
  memo?: string;
  correctsInvoiceId?: string;
  /** The draft request as first received, to recognise a retried DraftInvoice. */
  draftFingerprint: string;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  lastReview: { ready: boolean; problems: ReviewProblem[] } | null;
  /** Money in the invoice currency; zero until issued. */
  total: Money | null;
  applied: Money | null;
  reversed: Money | null;
  credited: Money | null;
  writtenOff: Money | null;
  allocations: Record<string, AppliedAllocation>;
  rejectedAllocationIds: string[];
  creditNoteIds: string[];
  creditedLineIds: string[];
  writeOffIds: string[];
  /** Credited per dispute id, by any credit note that names the dispute. */
  creditedByDispute: Record<string, Money>;
  /** Chargebacks already reversed on this invoice. */
  chargebackIds: string[];
  /** Write-offs and dispute credits with a part that could not be applied (`adjustmentKey`). */
  adjustmentsRejected: string[];
  /** Credit notes above the approval threshold, waiting for a billing manager, by id. */
  pendingCreditNotes: Record<string, CreditNoteRequested>;
  /** Credit notes a billing manager rejected: they are never issued. */
  rejectedCreditNoteIds: string[];
}

export const initialInvoiceState = (): InvoiceState => ({
  status: 'none',
  pendingCreditNotes: {},
  rejectedCreditNoteIds: [],
  invoiceId: '',
  billingAccountId: '',
  currency: '',
  lines: [],
  totals: { subtotal: '0', taxTotal: '0', total: '0' },
  draftFingerprint: '',
  number: null,
  issueDate: null,
  dueDate: null,
  lastReview: null,
  total: null,
  applied: null,
  reversed: null,
  credited: null,
  writtenOff: null,
  allocations: {},
  rejectedAllocationIds: [],
  creditNoteIds: [],
  creditedLineIds: [],
  writeOffIds: [],
  creditedByDispute: {},
  chargebackIds: [],
  adjustmentsRejected: [],
});

export interface InvoiceBalances {
  total: Money;
  applied: Money;
  reversed: Money;
  credited: Money;
  writtenOff: Money;
}

export function balancesOf(state: InvoiceState): InvoiceBalances {
  invariant(
    state.total !== null &&
      state.applied !== null &&
      state.reversed !== null &&
      state.credited !== null &&
      state.writtenOff !== null,
    'balances exist only once the invoice is issued',
  );
  return {
    total: state.total,
    applied: state.applied,
    reversed: state.reversed,
    credited: state.credited,
    writtenOff: state.writtenOff,
  };
}

/** total − applied + reversed − credited − written off. */
export function amountOpen(state: InvoiceState): Money {
  const b = balancesOf(state);
  return b.total.subtract(b.applied).add(b.reversed).subtract(b.credited).subtract(b.writtenOff);
}

/**
 * What the customer still owes, as events that merely report the open amount state it: nothing on
 * a voided invoice, whose balances are kept only as the record of what it was when voided.
 */
export function amountOwed(state: InvoiceState): Money {
  return state.status === 'voided' ? Money.zero(state.currency) : amountOpen(state);
}

/** What payments have settled, net of reversals. */
export function amountPaid(state: InvoiceState): Money {
  const b = balancesOf(state);
  return b.applied.subtract(b.reversed);
}

/**
 * The status once the open amount is known. At zero it is named for what closed the invoice (a
 * payment, a credit note, a write-off); above zero, any net payment makes it partially paid.
 */
export function statusAfter(
  open: Money,
  paid: Money,
  closedBy: 'payment' | 'credit' | 'write_off',
): InvoiceStatus {
  if (open.isZero())
    return closedBy === 'payment' ? 'paid' : closedBy === 'credit' ? 'credited' : 'written_off';
  return paid.isPositive() ? 'partially_paid' : 'issued';
}

function assertOpenWithinTotal(state: InvoiceState): InvoiceState {
  const open = amountOpen(state);
  invariant(
    !open.isNegative(),
    `invoice ${state.invoiceId}: open amount ${open.amount} is below zero`,
  );
  invariant(
    open.lessThanOrEqual(balancesOf(state).total),
    `invoice ${state.invoiceId}: open amount ${open.amount} exceeds the total`,
  );
  return state;
}

/** The data of one kind of invoice event. */
type InvoiceEventData<T extends InvoiceEvent['type']> = Extract<InvoiceEvent, { type: T }>['data'];

export function evolveInvoice(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'CreditNoteRequested':
      return {
        ...state,
        pendingCreditNotes: { ...state.pendingCreditNotes, [event.data.creditNoteId]: event.data },
      };
    case 'CreditNoteApproved':
      return state; // CreditNoteIssued follows in the same append and settles it.
    case 'CreditNoteRejected':
      return withCreditNoteRejected(state, event.data);
    case 'InvoiceDrafted':
      return drafted(state, event.data);
    case 'InvoiceDraftUpdated':
      return draftUpdated(state, event.data);
    case 'InvoiceReviewed':
      return { ...state, lastReview: { ready: event.data.ready, problems: event.data.problems } };
    case 'InvoiceIssued':
      return issued(state, event.data);
    case 'InvoiceSent':
      return state;
    case 'PaymentAllocationApplied':
      return allocationApplied(state, event.data);
    case 'PaymentAllocationRejected':
      return {
        ...state,
        rejectedAllocationIds: [...state.rejectedAllocationIds, event.data.allocationId],
      };
    case 'PaymentAllocationReversed':
      return allocationReversed(state, event.data);
    case 'InvoiceVoided':
      return { ...state, status: 'voided' };
    case 'CreditNoteIssued':
      return creditNoteIssued(state, event.data);
    case 'InvoiceWrittenOff':
      return writtenOff(state, event.data);
    case 'InvoiceAdjustmentRejected':
      return adjustmentRejected(state, event.data);
  }
}

function withCreditNoteRejected(
  state: InvoiceState,
  d: InvoiceEventData<'CreditNoteRejected'>,
): InvoiceState {
  const { [d.creditNoteId]: _rejected, ...pending } = state.pendingCreditNotes;
  return {
    ...state,
    pendingCreditNotes: pending,
    rejectedCreditNoteIds: [...state.rejectedCreditNoteIds, d.creditNoteId],
  };
}

function drafted(state: InvoiceState, d: InvoiceEventData<'InvoiceDrafted'>): InvoiceState {
  return {
    ...state,
    status: 'draft',
    invoiceId: d.invoiceId,
    billingAccountId: d.billingAccountId,
    currency: d.currency,
    lines: d.lines,
    totals: { subtotal: d.subtotal, taxTotal: d.taxTotal, total: d.total },
    purchaseOrderNumber: d.purchaseOrderNumber,
    memo: d.memo,
    correctsInvoiceId: d.correctsInvoiceId,
    draftFingerprint: draftFingerprint(d),
  };
}

function draftUpdated(
  state: InvoiceState,
  d: InvoiceEventData<'InvoiceDraftUpdated'>,
): InvoiceState {
  return {
    ...state,
    lines: d.lines,
    totals: { subtotal: d.subtotal, taxTotal: d.taxTotal, total: d.total },
    purchaseOrderNumber: d.purchaseOrderNumber,
    memo: d.memo,
    lastReview: null,
  };
}

function issued(state: InvoiceState, d: InvoiceEventData<'InvoiceIssued'>): InvoiceState {
  const zero = Money.zero(d.currency);
  return {
    ...state,
    status: 'issued',
    number: d.number,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    lines: d.lines,
    totals: { subtotal: d.subtotal, taxTotal: d.taxTotal, total: d.total },
    total: Money.of(d.total, d.currency),
    applied: zero,
    reversed: zero,
    credited: zero,
    writtenOff: zero,
  };
}

function allocationApplied(
  state: InvoiceState,
  d: InvoiceEventData<'PaymentAllocationApplied'>,
): InvoiceState {
  const amount = Money.of(d.amountApplied, d.currency);
  return assertOpenWithinTotal({
    ...state,
    status: d.status,
    applied: balancesOf(state).applied.add(amount),
    allocations: {
      ...state.allocations,
      [d.allocationId]: {
        paymentId: d.paymentId,
        amount,
        amountReversed: Money.zero(d.currency),
        reversed: false,
      },
    },
  });
}

function allocationReversed(
  state: InvoiceState,
  d: InvoiceEventData<'PaymentAllocationReversed'>,
): InvoiceState {
  const allocation = state.allocations[d.allocationId];
  invariant(
    allocation !== undefined && !allocation.reversed,
    `allocation ${d.allocationId} reversed without being applied`,
  );
  const amount = Money.of(d.amountReversed, d.currency);
  const amountReversed = allocation.amountReversed.add(amount);
  invariant(
    amountReversed.lessThanOrEqual(allocation.amount),
    `allocation ${d.allocationId}: ${amountReversed.amount} reversed of ${allocation.amount.amount}`,
  );
  const chargebackIds =
    d.chargebackId === undefined || state.chargebackIds.includes(d.chargebackId)
      ? state.chargebackIds
      : [...state.chargebackIds, d.chargebackId];
  return assertOpenWithinTotal({
    ...state,
    status: d.status,
    reversed: balancesOf(state).reversed.add(amount),
    allocations: {
      ...state.allocations,
      [d.allocationId]: {
        ...allocation,
        amountReversed,
        reversed: amountReversed.equals(allocation.amount),
      },
    },
    chargebackIds,
  });
}

function creditNoteIssued(
  state: InvoiceState,
  d: InvoiceEventData<'CreditNoteIssued'>,
): InvoiceState {
  const amount = Money.of(d.amount, d.currency);
  const creditedByDispute =
    d.disputeId === undefined
      ? state.creditedByDispute
      : {
          ...state.creditedByDispute,
          [d.disputeId]: (state.creditedByDispute[d.disputeId] ?? Money.zero(d.currency)).add(
            amount,
          ),
        };
  const { [d.creditNoteId]: _approved, ...pendingCreditNotes } = state.pendingCreditNotes;
  return assertOpenWithinTotal({
    ...state,
    status: d.status,
    pendingCreditNotes,
    credited: balancesOf(state).credited.add(amount),
    creditNoteIds: [...state.creditNoteIds, d.creditNoteId],
    creditedLineIds: [...state.creditedLineIds, ...(d.lines ?? []).map((line) => line.lineId)],
    creditedByDispute,
  });
}

function writtenOff(state: InvoiceState, d: InvoiceEventData<'InvoiceWrittenOff'>): InvoiceState {
  return assertOpenWithinTotal({
    ...state,
    status: d.status,
    writtenOff: balancesOf(state).writtenOff.add(Money.of(d.amount, d.currency)),
    writeOffIds: [...state.writeOffIds, d.writeOffId],
  });
}

function adjustmentRejected(
  state: InvoiceState,
  d: InvoiceEventData<'InvoiceAdjustmentRejected'>,
): InvoiceState {
  const id = d.source === 'write_off' ? d.writeOffId : d.disputeId;
  invariant(id !== undefined, `a ${d.source} adjustment was rejected without its id`);
  return {
    ...state,
    adjustmentsRejected: [...state.adjustmentsRejected, adjustmentKey(d.source, id)],
  };
}

/** A draft request's identity without its timestamp, to recognise a retry. */
export function draftFingerprint(d: {
  billingAccountId: string;
  currency: string;
  lines: unknown[];
  purchaseOrderNumber?: string;
  memo?: string;
  correctsInvoiceId?: string;
}): string {
  const stripComputed = (line: unknown) => {
    const { net: _n, tax: _t, total: _to, ...input } = line as Record<string, unknown>;
    return input;
  };
  return JSON.stringify([
    d.billingAccountId,
    d.currency,
    d.lines.map((line) => withSortedKeys(stripComputed(line))),
    d.purchaseOrderNumber ?? null,
    d.memo ?? null,
    d.correctsInvoiceId ?? null,
  ]);
}

/**
 * The value with every object's keys in one order. A draft's lines come back from the store
 * (PostgreSQL jsonb) with their keys reordered; compared in the request's order, a retry of a
 * draft that was stored but not answered (its process died) was refused as another invoice, 409
 * for ever.
 */
function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, withSortedKeys(record[key])]),
  );
}
