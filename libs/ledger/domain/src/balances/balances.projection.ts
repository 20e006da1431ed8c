import { invariant } from '@billing/kernel';
import {
  addToFigure,
  isZeroAmount,
  moveFigure,
  negateAmount,
  subtractFromFigure,
  sumAmounts,
  zeroAmount,
} from '../shared/amounts';
import { asKnown, type KnownLedgerEvent, type LedgerEvent } from '../shared/ledger-event';
import { defineProjection } from '../shared/projection';
import { own, ownOrPut, put } from '../shared/records';
import { businessDateOfInstant } from '../shared/business-date';
import type {
  AccountBalance,
  AccountCounts,
  BalancesState,
  InvoiceBalance,
  InvoiceMovement,
  PaymentBalance,
} from './balances.state';
import { initialBalancesState } from './balances.state';

type AmountField =
  'invoiced' | 'voided' | 'credited' | 'paid' | 'writtenOff' | 'received' | 'refunded' | 'reversed';

const handledTypes: ReadonlySet<string> = new Set([
  'InvoiceIssued',
  'InvoiceVoided',
  'CreditNoteIssued',
  'InvoiceWrittenOff',
  'PaymentAllocationApplied',
  'PaymentAllocationReversed',
  'PaymentReceived',
  'PaymentReversed',
  'UnappliedCreditRefunded',
  'ChargebackReceived',
  'UnappliedCreditChargedBack',
]);

function emptyCounts(): AccountCounts {
  return {
    invoicesIssued: 0,
    invoicesVoided: 0,
    creditNotes: 0,
    writeOffs: 0,
    paymentsReceived: 0,
    paymentsReversed: 0,
    allocationsApplied: 0,
    allocationsReversed: 0,
    refunds: 0,
  };
}

function accountOf(
  draft: BalancesState,
  billingAccountId: string,
  currency: string,
): AccountBalance {
  const byCurrency = ownOrPut(
    draft.accounts,
    billingAccountId,
    (): Record<string, AccountBalance> => ({}),
  );
  return ownOrPut(byCurrency, currency, () => {
    const zero = zeroAmount(currency);
    return {
      billingAccountId,
      currency,
      invoiced: zero,
      voided: zero,
      credited: zero,
      paid: zero,
      writtenOff: zero,
      received: zero,
      refunded: zero,
      reversed: zero,
      unappliedCredit: zero,
      openReceivable: zero,
      balanceDue: zero,
      counts: emptyCounts(),
    };
  });
}

/** How each figure counts in the open receivable and in the unapplied credit (their definitions). */
const openReceivableSign: Record<AmountField, -1 | 0 | 1> = {
  invoiced: 1,
  voided: -1,
  credited: -1,
  paid: -1,
  writtenOff: -1,
  received: 0,
  refunded: 0,
  reversed: 0,
};
const unappliedCreditSign: Record<AmountField, -1 | 0 | 1> = {
  invoiced: 0,
  voided: 0,
  credited: 0,
  paid: -1,
  writtenOff: 0,
  received: 1,
  refunded: -1,
  reversed: -1,
};

/**
 * Adds `amount` to one figure and moves the derived ones by what that figure contributes to
 * them: openReceivable = invoiced − voided − credited − paid − written off, unappliedCredit =
 * received − paid − refunded − reversed, balanceDue = openReceivable − unappliedCredit, so
 * balanceDue moves by the difference of the two signs (always −1, 0 or 1). One parse per figure
 * touched instead of recomputing all three from every figure: this runs for every financial
 * event of a rebuild. The property tests check the definitions still hold.
 */
function addTo(account: AccountBalance, field: AmountField, amount: string): void {
  const c = account.currency;
  const open = openReceivableSign[field];
  const unapplied = unappliedCreditSign[field];
  moveFigure(account, field, amount, c, 1);
  moveFigure(account, 'openReceivable', amount, c, open);
  moveFigure(account, 'unappliedCredit', amount, c, unapplied);
  moveFigure(account, 'balanceDue', amount, c, (open - unapplied) as -1 | 0 | 1);
}

function move(
  invoice: InvoiceBalance,
  movement: InvoiceMovement,
  reportedAmountOpen: string | null,
): void {
  invoice.movements.push(movement);
  addToFigure(invoice, 'amountOpen', movement.amount, invoice.currency);
  if (reportedAmountOpen !== null) invoice.reportedAmountOpen = reportedAmountOpen;
}

function movement(
  event: LedgerEvent,
  kind: InvoiceMovement['kind'],
  businessDate: string,
  amount: string,
  reference: string,
): InvoiceMovement {
  return {
    kind,
    businessDate,
    amount,
    globalPosition: event.globalPosition,
    eventId: event.eventId,
    reference,
  };
}

/**
 * The business date a payment application counts from: the date the money was received (the
 * coordinator's `receivedDate`), not the day it was applied, so fully-paid dates, turnaround and
 * aging follow the customer's payment. The application's own date when the payment is unknown
 * (or, defensively, when it is earlier than the receipt).
 */
function appliedOn(event: LedgerEvent, payment: PaymentBalance | undefined): string {
  const applied = businessDateOfInstant(event.occurredAt);
  if (payment === undefined) return applied;
  return payment.receivedDate < applied ? payment.receivedDate : applied;
}

function skip(draft: BalancesState, event: LedgerEvent, invoiceId: string): void {
  draft.skipped.push({
    eventId: event.eventId,
    eventType: event.type,
    globalPosition: event.globalPosition,
    reason: `invoice ${invoiceId} was never issued in the events folded so far`,
  });
}

function paymentOf(draft: BalancesState, paymentId: string): PaymentBalance | undefined {
  return own(draft.payments, paymentId);
}

function invoiceOf(draft: BalancesState, invoiceId: string): InvoiceBalance | undefined {
  return own(draft.invoices, invoiceId);
}

/** The data of one kind of event this projection folds. */
type KnownData<T extends KnownLedgerEvent['type']> = Extract<KnownLedgerEvent, { type: T }>['data'];

function mutate(draft: BalancesState, event: LedgerEvent): void {
  const e = asKnown(event);
  switch (e.type) {
    case 'InvoiceIssued':
      return invoiceIssued(draft, event, e.data);
    case 'InvoiceVoided':
      return invoiceVoided(draft, event, e.data);
    case 'CreditNoteIssued':
      return creditNoteIssued(draft, event, e.data);
    case 'InvoiceWrittenOff':
      return invoiceWrittenOff(draft, event, e.data);
    case 'PaymentAllocationApplied':
      return allocationApplied(draft, event, e.data);
    case 'PaymentAllocationReversed':
      return allocationReversed(draft, event, e.data);
    case 'PaymentReceived':
      return paymentReceived(draft, event, e.data);
    case 'PaymentReversed':
      return paymentReversed(draft, event, e.data);
    case 'UnappliedCreditRefunded':
      return unappliedCreditRefunded(draft, event, e.data);
    case 'ChargebackReceived':
    case 'UnappliedCreditChargedBack':
      return moneyChargedBack(draft, event, e.data);
    default:
      invariant(
        !handledTypes.has(event.type),
        `balances: ${event.type} is handled but has no case`,
      );
  }
}

function invoiceIssued(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'InvoiceIssued'>,
): void {
  const zero = zeroAmount(d.currency);
  const invoice: InvoiceBalance = {
    invoiceId: d.invoiceId,
    billingAccountId: d.billingAccountId,
    number: d.number,
    currency: d.currency,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    total: d.total,
    subtotal: d.subtotal,
    taxTotal: d.taxTotal,
    status: 'issued',
    credited: zero,
    paid: zero,
    writtenOff: zero,
    voided: false,
    amountOpen: zero,
    reportedAmountOpen: d.total,
    fullyPaidOn: null,
    movements: [],
  };
  move(invoice, movement(event, 'issued', d.issueDate, d.total, d.number), null);
  put(draft.invoices, d.invoiceId, invoice);
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'invoiced', d.total);
  account.counts.invoicesIssued += 1;
}

function invoiceVoided(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'InvoiceVoided'>,
): void {
  const invoice = invoiceOf(draft, d.invoiceId);
  // A voided draft never reached the ledger; a repeated void changes nothing.
  if (invoice === undefined || invoice.voided) return;
  const c = invoice.currency;
  // Invoicing voids only when nothing is applied, so the whole total goes, exactly as the
  // journal reverses it. Were that ever broken, the open amount would no longer match
  // invoicing's zero and openAmountDiscrepancies would show it.
  const voided = invoice.total;
  move(
    invoice,
    movement(
      event,
      'voided',
      businessDateOfInstant(d.voidedAt),
      negateAmount(voided, c),
      invoice.number,
    ),
    zeroAmount(c),
  );
  invoice.voided = true;
  invoice.status = 'voided';
  const account = accountOf(draft, invoice.billingAccountId, c);
  addTo(account, 'voided', voided);
  account.counts.invoicesVoided += 1;
}

function creditNoteIssued(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'CreditNoteIssued'>,
): void {
  const invoice = invoiceOf(draft, d.invoiceId);
  if (invoice === undefined) return skip(draft, event, d.invoiceId);
  move(
    invoice,
    movement(event, 'credited', d.issueDate, negateAmount(d.amount, d.currency), d.creditNoteId),
    d.amountOpen,
  );
  addToFigure(invoice, 'credited', d.amount, d.currency);
  invoice.status = d.status;
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'credited', d.amount);
  account.counts.creditNotes += 1;
}

function invoiceWrittenOff(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'InvoiceWrittenOff'>,
): void {
  const invoice = invoiceOf(draft, d.invoiceId);
  if (invoice === undefined) return skip(draft, event, d.invoiceId);
  move(
    invoice,
    movement(
      event,
      'written_off',
      businessDateOfInstant(d.writtenOffAt),
      negateAmount(d.amount, d.currency),
      d.writeOffId,
    ),
    d.amountOpen,
  );
  addToFigure(invoice, 'writtenOff', d.amount, d.currency);
  invoice.status = d.status;
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'writtenOff', d.amount);
  account.counts.writeOffs += 1;
}

function allocationApplied(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'PaymentAllocationApplied'>,
): void {
  const invoice = invoiceOf(draft, d.invoiceId);
  if (invoice === undefined) return skip(draft, event, d.invoiceId);
  const payment = paymentOf(draft, d.paymentId);
  const businessDate = appliedOn(event, payment);
  move(
    invoice,
    movement(
      event,
      'payment_applied',
      businessDate,
      negateAmount(d.amountApplied, d.currency),
      d.allocationId,
    ),
    d.amountOpen,
  );
  addToFigure(invoice, 'paid', d.amountApplied, d.currency);
  invoice.status = d.status;
  invoice.fullyPaidOn = isZeroAmount(invoice.amountOpen, d.currency) ? businessDate : null;
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'paid', d.amountApplied);
  account.counts.allocationsApplied += 1;
  if (payment !== undefined) {
    addToFigure(payment, 'paid', d.amountApplied, d.currency);
    subtractFromFigure(payment, 'unapplied', d.amountApplied, d.currency);
  }
}

function allocationReversed(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'PaymentAllocationReversed'>,
): void {
  const invoice = invoiceOf(draft, d.invoiceId);
  if (invoice === undefined) return skip(draft, event, d.invoiceId);
  move(
    invoice,
    movement(
      event,
      'payment_unapplied',
      businessDateOfInstant(event.occurredAt),
      d.amountReversed,
      d.allocationId,
    ),
    d.amountOpen,
  );
  subtractFromFigure(invoice, 'paid', d.amountReversed, d.currency);
  invoice.status = d.status;
  invoice.fullyPaidOn = null;
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'paid', negateAmount(d.amountReversed, d.currency));
  account.counts.allocationsReversed += 1;
  const payment = paymentOf(draft, d.paymentId);
  if (payment !== undefined) {
    subtractFromFigure(payment, 'paid', d.amountReversed, d.currency);
    addToFigure(payment, 'unapplied', d.amountReversed, d.currency);
  }
}

function paymentReceived(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'PaymentReceived'>,
): void {
  const zero = zeroAmount(d.currency);
  put(draft.payments, d.paymentId, {
    paymentId: d.paymentId,
    billingAccountId: d.billingAccountId,
    currency: d.currency,
    externalReference: d.externalReference,
    receivedDate: d.receivedDate,
    amount: d.amount,
    paid: zero,
    refunded: zero,
    reversed: zero,
    unapplied: d.amount,
  });
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'received', d.amount);
  account.counts.paymentsReceived += 1;
}

function paymentReversed(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'PaymentReversed'>,
): void {
  const released = sumAmounts(
    [...d.allocationsToReverse.map((a) => a.amount), d.unappliedReleased],
    d.currency,
  );
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'reversed', released);
  account.counts.paymentsReversed += 1;
  const payment = paymentOf(draft, d.paymentId);
  if (payment !== undefined) {
    addToFigure(payment, 'reversed', released, d.currency);
    subtractFromFigure(payment, 'unapplied', released, d.currency);
  }
}

function unappliedCreditRefunded(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'UnappliedCreditRefunded'>,
): void {
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'refunded', d.amount);
  account.counts.refunds += 1;
  const payment = paymentOf(draft, d.paymentId);
  if (payment !== undefined) {
    addToFigure(payment, 'refunded', d.amount, d.currency);
    subtractFromFigure(payment, 'unapplied', d.amount, d.currency);
  }
}

function moneyChargedBack(
  draft: BalancesState,
  event: LedgerEvent,
  d: KnownData<'ChargebackReceived' | 'UnappliedCreditChargedBack'>,
): void {
  // Counted as reversed money: it left the account through the bank, as a bounce does.
  const account = accountOf(draft, d.billingAccountId, d.currency);
  addTo(account, 'reversed', d.amount);
  account.counts.paymentsReversed += 1;
  const payment = paymentOf(draft, d.paymentId);
  if (payment !== undefined) {
    addToFigure(payment, 'reversed', d.amount, d.currency);
    subtractFromFigure(payment, 'unapplied', d.amount, d.currency);
  }
}

/** Balances per billing account and currency, per invoice and per payment. */
export const balancesProjection = defineProjection<BalancesState>({
  name: 'balances',
  initial: initialBalancesState,
  handles: handledTypes,
  mutate,
});
