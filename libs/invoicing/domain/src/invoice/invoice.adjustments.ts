import { Currency, Money, isValidAmountString } from '@billing/money';
import { DomainError } from '@billing/kernel';
import type { InvoiceAdjustmentRejected, InvoiceEvent } from '@billing/contracts';
import type { ApplyInvoiceAdjustmentData, CreditAcceptedDisputeData } from './invoice.commands';
import { issueCreditNote } from './credit-note';
import { receivableStatuses, requireText } from './invoice.guards';
import {
  adjustmentKey,
  amountOpen,
  amountOwed,
  amountPaid,
  statusAfter,
  type InvoiceState,
} from './invoice.state';

/*
 * Adjustments another context decided and invoicing carries out: collections' approved
 * write-offs and disputes' accepted amounts. They arrive as events, after the fact, so they are
 * never refused with an error (that would only park the message): what is open is applied and
 * the rest is recorded as `InvoiceAdjustmentRejected`, which a coordinator sees in the invoice's
 * history and collections or disputes can act on. A write-off racing a payment is the usual case:
 * the customer paid part of what collections had given up on, so only the rest is written off.
 */

type Source = InvoiceAdjustmentRejected['source'];

interface Request {
  source: Source;
  id: string;
  invoiceId: string;
  billingAccountId: string;
  amount: string;
  currency: string;
  decidedAt: string;
  creditNoteId?: string;
}

type Settlement =
  { kind: 'rejected'; events: InvoiceEvent[] } | { kind: 'apply'; amount: Money; rest: Money };

/** A malformed amount is a bug in the sender, not a business outcome: it stops loudly. */
function requireValidAmount(amount: string, currency: string): Money {
  if (
    !Currency.isKnown(currency) ||
    !isValidAmountString(amount, currency) ||
    !Money.of(amount, currency).isPositive()
  ) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `amount must be an amount greater than 0 in ${currency}`,
      'invalid',
      [{ field: 'amount', reason: `must be an amount greater than 0 in ${currency}` }],
    );
  }
  return Money.of(amount, currency);
}

function rejection(
  request: Request,
  state: InvoiceState,
  amountRejected: string,
  reason: InvoiceAdjustmentRejected['reason'],
  message: string,
  amountOpenAfter: string,
): InvoiceEvent {
  return {
    type: 'InvoiceAdjustmentRejected',
    data: {
      invoiceId: request.invoiceId,
      billingAccountId: state.billingAccountId || request.billingAccountId,
      source: request.source,
      ...(request.source === 'write_off' ? { writeOffId: request.id } : { disputeId: request.id }),
      ...(request.creditNoteId ? { creditNoteId: request.creditNoteId } : {}),
      currency: request.currency,
      amountRequested: request.amount,
      amountRejected,
      reason,
      message,
      amountOpen: amountOpenAfter,
      rejectedAt: request.decidedAt,
    },
  };
}

/** How much of `requested` the invoice can take now, or the rejection of all of it. */
function settle(request: Request, requested: Money, state: InvoiceState): Settlement {
  const rejectAll = (
    reason: InvoiceAdjustmentRejected['reason'],
    message: string,
    open: Money,
  ) => ({
    kind: 'rejected' as const,
    events: [rejection(request, state, requested.amount, reason, message, open.amount)],
  });
  // A draft, or a draft voided before issue, has no balances; an unknown invoice has no stream.
  if (state.status === 'none' || state.total === null) {
    const nothingOpen = Money.zero(request.currency);
    return rejectAll('invoice_not_issued', 'The invoice has not been issued', nothingOpen);
  }
  const open = amountOwed(state);
  if (request.currency !== state.currency) {
    return rejectAll(
      'currency_mismatch',
      `The invoice is in ${state.currency}, the ${label(request.source)} in ${request.currency}`,
      open,
    );
  }
  if (!receivableStatuses.includes(state.status)) {
    return rejectAll('invoice_not_open', `The invoice is ${state.status}`, open);
  }
  const amount = Money.min(requested, open);
  return { kind: 'apply', amount, rest: requested.subtract(amount) };
}

function label(source: Source): string {
  return source === 'write_off' ? 'write-off' : 'dispute credit';
}

/** The part of an adjustment that exceeded the open amount, after the open part was applied. */
function restRejected(request: Request, state: InvoiceState, rest: Money, openAfter: Money) {
  return rejection(
    request,
    state,
    rest.amount,
    'exceeds_open_amount',
    `Only ${Money.of(request.amount, request.currency).subtract(rest).amount} of the ${label(request.source)} ${request.amount} was open`,
    openAfter.amount,
  );
}

/** An approved write-off: at most the open amount, once per write-off id. */
export function writeOff(d: ApplyInvoiceAdjustmentData, state: InvoiceState): InvoiceEvent[] {
  if (
    state.writeOffIds.includes(d.writeOffId) ||
    state.adjustmentsRejected.includes(adjustmentKey('write_off', d.writeOffId))
  )
    return [];
  requireText(d.writeOffId, 'writeOffId');
  requireText(d.reason, 'reason');
  const requested = requireValidAmount(d.amount, d.currency);
  const request: Request = {
    source: 'write_off',
    id: d.writeOffId,
    invoiceId: d.invoiceId,
    billingAccountId: d.billingAccountId,
    amount: requested.amount,
    currency: d.currency,
    decidedAt: d.writtenOffAt,
  };
  const settlement = settle(request, requested, state);
  if (settlement.kind === 'rejected') return settlement.events;
  const openAfter = amountOpen(state).subtract(settlement.amount);
  const writtenOff: InvoiceEvent = {
    type: 'InvoiceWrittenOff',
    data: {
      invoiceId: state.invoiceId,
      billingAccountId: state.billingAccountId,
      writeOffId: d.writeOffId,
      currency: state.currency,
      amount: settlement.amount.amount,
      amountOpen: openAfter.amount,
      status: statusAfter(openAfter, amountPaid(state), 'write_off'),
      reason: d.reason,
      writtenOffAt: d.writtenOffAt,
    },
  };
  if (settlement.rest.isZero()) return [writtenOff];
  return [writtenOff, restRejected(request, state, settlement.rest, openAfter)];
}

/**
 * The credit note for an accepted dispute, once per dispute: the accepted amount less what credit
 * notes naming the dispute already credited (a coordinator may have issued one by hand), at most
 * the open amount.
 */
export function creditAcceptedDispute(
  d: CreditAcceptedDisputeData,
  state: InvoiceState,
): InvoiceEvent[] {
  if (
    state.creditNoteIds.includes(d.creditNoteId) ||
    state.adjustmentsRejected.includes(adjustmentKey('dispute', d.disputeId))
  )
    return [];
  requireText(d.disputeId, 'disputeId');
  requireText(d.creditNoteId, 'creditNoteId');
  const accepted = requireValidAmount(d.amount, d.currency);
  const alreadyCredited = state.creditedByDispute[d.disputeId];
  const requested =
    alreadyCredited && alreadyCredited.currency.code === accepted.currency.code
      ? accepted.subtract(Money.min(alreadyCredited, accepted))
      : accepted;
  if (requested.isZero()) return [];
  const request: Request = {
    source: 'dispute',
    id: d.disputeId,
    invoiceId: d.invoiceId,
    billingAccountId: d.billingAccountId,
    amount: requested.amount,
    currency: d.currency,
    decidedAt: d.decidedAt,
    creditNoteId: d.creditNoteId,
  };
  const settlement = settle({ ...request, creditNoteId: undefined }, requested, state);
  if (settlement.kind === 'rejected') return settlement.events;
  const [issued] = issueCreditNote(
    {
      invoiceId: d.invoiceId,
      creditNoteId: d.creditNoteId,
      number: d.number,
      issueDate: d.issueDate,
      scope: { kind: 'amount', amount: settlement.amount.amount },
      reason: 'dispute',
      disputeId: d.disputeId,
    },
    state,
  );
  if (issued === undefined) return [];
  if (settlement.rest.isZero()) return [issued];
  const openAfter = amountOpen(state).subtract(settlement.amount);
  return [issued, restRejected(request, state, settlement.rest, openAfter)];
}
