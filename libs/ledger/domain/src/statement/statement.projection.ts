import { isZeroAmount, negateAmount, sumAmounts } from '../shared/amounts';
import { asKnown, type KnownLedgerEvent, type LedgerEvent } from '../shared/ledger-event';
import { defineProjection } from '../shared/projection';
import { own, ownOrPut, put } from '../shared/records';
import { businessDateOfInstant } from '../shared/business-date';

export type StatementLineKind =
  | 'invoice'
  | 'invoice_voided'
  | 'credit_note'
  | 'payment'
  | 'payment_reversal'
  | 'write_off'
  | 'refund';

/**
 * One movement of what the customer owes. `amount` is signed from the customer's side: + raises
 * the balance due (an invoice, a bounced payment, a refund paid out), − lowers it (a payment, a
 * credit note, a write-off, a void). Applying a payment to an invoice moves nothing here: the
 * customer's net balance is the same before and after.
 */
export interface StatementLine {
  kind: StatementLineKind;
  businessDate: string;
  globalPosition: number;
  eventId: string;
  /** The document the customer recognises: invoice or credit note number, bank reference. */
  reference: string;
  /** Invoice id, credit note id, payment id, write-off id or refund id. */
  documentId: string;
  description: string;
  amount: string;
}

export interface StatementState {
  /** billingAccountId -> currency -> movements in the order they were folded. */
  accounts: Record<string, Record<string, StatementLine[]>>;
  invoices: Record<
    string,
    { number: string; billingAccountId: string; currency: string; total: string; voided: boolean }
  >;
  payments: Record<string, { externalReference: string }>;
}

export const initialStatementState = (): StatementState => ({
  accounts: {},
  invoices: {},
  payments: {},
});

const handledTypes: ReadonlySet<string> = new Set([
  'InvoiceIssued',
  'InvoiceVoided',
  'CreditNoteIssued',
  'InvoiceWrittenOff',
  'PaymentReceived',
  'PaymentReversed',
  'UnappliedCreditRefunded',
  'ChargebackReceived',
  'UnappliedCreditChargedBack',
]);

/** Adds a line to the account's statement in `currency`, at the event's place in the log. */
function addLine(
  draft: StatementState,
  event: LedgerEvent,
  billingAccountId: string,
  currency: string,
  line: Omit<StatementLine, 'globalPosition' | 'eventId'>,
): void {
  const byCurrency = ownOrPut(
    draft.accounts,
    billingAccountId,
    (): Record<string, StatementLine[]> => ({}),
  );
  ownOrPut(byCurrency, currency, (): StatementLine[] => []).push({
    ...line,
    globalPosition: event.globalPosition,
    eventId: event.eventId,
  });
}

function invoiceNumber(draft: StatementState, invoiceId: string): string {
  return own(draft.invoices, invoiceId)?.number ?? invoiceId;
}

function paymentReference(draft: StatementState, paymentId: string): string {
  return own(draft.payments, paymentId)?.externalReference ?? paymentId;
}

/** The data of one kind of event this projection folds. */
type KnownData<T extends KnownLedgerEvent['type']> = Extract<KnownLedgerEvent, { type: T }>['data'];

function mutate(draft: StatementState, event: LedgerEvent): void {
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
      return;
  }
}

function invoiceIssued(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'InvoiceIssued'>,
): void {
  put(draft.invoices, d.invoiceId, {
    number: d.number,
    billingAccountId: d.billingAccountId,
    currency: d.currency,
    total: d.total,
    voided: false,
  });
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'invoice',
    businessDate: d.issueDate,
    reference: d.number,
    documentId: d.invoiceId,
    description: `Invoice ${d.number}, due ${d.dueDate}`,
    amount: d.total,
  });
}

function invoiceVoided(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'InvoiceVoided'>,
): void {
  const invoice = own(draft.invoices, d.invoiceId);
  if (invoice === undefined || invoice.voided) return;
  invoice.voided = true;
  addLine(draft, event, invoice.billingAccountId, invoice.currency, {
    kind: 'invoice_voided',
    businessDate: businessDateOfInstant(d.voidedAt),
    reference: invoice.number,
    documentId: d.invoiceId,
    description: `Invoice ${invoice.number} voided: ${d.reason}`,
    amount: negateAmount(invoice.total, invoice.currency),
  });
}

function creditNoteIssued(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'CreditNoteIssued'>,
): void {
  if (own(draft.invoices, d.invoiceId) === undefined) return;
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'credit_note',
    businessDate: d.issueDate,
    reference: d.number,
    documentId: d.creditNoteId,
    description: `Credit note ${d.number} on invoice ${invoiceNumber(draft, d.invoiceId)} (${d.reason})`,
    amount: negateAmount(d.amount, d.currency),
  });
}

function invoiceWrittenOff(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'InvoiceWrittenOff'>,
): void {
  if (own(draft.invoices, d.invoiceId) === undefined) return;
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'write_off',
    businessDate: businessDateOfInstant(d.writtenOffAt),
    reference: invoiceNumber(draft, d.invoiceId),
    documentId: d.writeOffId,
    description: `Written off on invoice ${invoiceNumber(draft, d.invoiceId)}: ${d.reason}`,
    amount: negateAmount(d.amount, d.currency),
  });
}

function paymentReceived(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'PaymentReceived'>,
): void {
  put(draft.payments, d.paymentId, { externalReference: d.externalReference });
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'payment',
    businessDate: d.receivedDate,
    reference: d.externalReference,
    documentId: d.paymentId,
    description: `Payment received (${d.method.replace('_', ' ')}), reference ${d.externalReference}`,
    amount: negateAmount(d.amount, d.currency),
  });
}

function paymentReversed(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'PaymentReversed'>,
): void {
  const released = sumAmounts(
    [...d.allocationsToReverse.map((a) => a.amount), d.unappliedReleased],
    d.currency,
  );
  if (isZeroAmount(released, d.currency)) return;
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'payment_reversal',
    businessDate: businessDateOfInstant(d.reversedAt),
    reference: paymentReference(draft, d.paymentId),
    documentId: d.paymentId,
    description: `Payment ${paymentReference(draft, d.paymentId)} reversed: ${d.reason}`,
    amount: released,
  });
}

function unappliedCreditRefunded(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'UnappliedCreditRefunded'>,
): void {
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'refund',
    businessDate: businessDateOfInstant(d.refundedAt),
    reference: paymentReference(draft, d.paymentId),
    documentId: d.refundId,
    description: `Refund ${d.refundId} of unapplied credit from payment ${paymentReference(draft, d.paymentId)}`,
    amount: d.amount,
  });
}

function moneyChargedBack(
  draft: StatementState,
  event: LedgerEvent,
  d: KnownData<'ChargebackReceived' | 'UnappliedCreditChargedBack'>,
): void {
  addLine(draft, event, d.billingAccountId, d.currency, {
    kind: 'payment_reversal',
    businessDate: businessDateOfInstant(d.receivedAt),
    reference: paymentReference(draft, d.paymentId),
    documentId: d.chargebackId,
    description: `Chargeback ${d.chargebackReference} on payment ${paymentReference(draft, d.paymentId)}`,
    amount: d.amount,
  });
}

/** Every movement of every account's balance due, dated by business date, for statements. */
export const statementProjection = defineProjection<StatementState>({
  name: 'statement',
  initial: initialStatementState,
  handles: handledTypes,
  mutate,
});
