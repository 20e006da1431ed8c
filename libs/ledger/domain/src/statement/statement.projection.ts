import { isZeroAmount, negateAmount, sumAmounts } from '../shared/amounts';
import { asKnown, type LedgerEvent } from '../shared/ledger-event';
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

function mutate(draft: StatementState, event: LedgerEvent): void {
  const e = asKnown(event);
  const add = (
    billingAccountId: string,
    currency: string,
    line: Omit<StatementLine, 'globalPosition' | 'eventId'>,
  ) => {
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
  };
  const invoiceNumber = (invoiceId: string) => own(draft.invoices, invoiceId)?.number ?? invoiceId;
  const paymentReference = (paymentId: string) =>
    own(draft.payments, paymentId)?.externalReference ?? paymentId;

  switch (e.type) {
    case 'InvoiceIssued': {
      const d = e.data;
      put(draft.invoices, d.invoiceId, {
        number: d.number,
        billingAccountId: d.billingAccountId,
        currency: d.currency,
        total: d.total,
        voided: false,
      });
      add(d.billingAccountId, d.currency, {
        kind: 'invoice',
        businessDate: d.issueDate,
        reference: d.number,
        documentId: d.invoiceId,
        description: `Invoice ${d.number}, due ${d.dueDate}`,
        amount: d.total,
      });
      return;
    }
    case 'InvoiceVoided': {
      const invoice = own(draft.invoices, e.data.invoiceId);
      if (invoice === undefined || invoice.voided) return;
      invoice.voided = true;
      add(invoice.billingAccountId, invoice.currency, {
        kind: 'invoice_voided',
        businessDate: businessDateOfInstant(e.data.voidedAt),
        reference: invoice.number,
        documentId: e.data.invoiceId,
        description: `Invoice ${invoice.number} voided: ${e.data.reason}`,
        amount: negateAmount(invoice.total, invoice.currency),
      });
      return;
    }
    case 'CreditNoteIssued': {
      const d = e.data;
      if (own(draft.invoices, d.invoiceId) === undefined) return;
      add(d.billingAccountId, d.currency, {
        kind: 'credit_note',
        businessDate: d.issueDate,
        reference: d.number,
        documentId: d.creditNoteId,
        description: `Credit note ${d.number} on invoice ${invoiceNumber(d.invoiceId)} (${d.reason})`,
        amount: negateAmount(d.amount, d.currency),
      });
      return;
    }
    case 'InvoiceWrittenOff': {
      const d = e.data;
      if (own(draft.invoices, d.invoiceId) === undefined) return;
      add(d.billingAccountId, d.currency, {
        kind: 'write_off',
        businessDate: businessDateOfInstant(d.writtenOffAt),
        reference: invoiceNumber(d.invoiceId),
        documentId: d.writeOffId,
        description: `Written off on invoice ${invoiceNumber(d.invoiceId)}: ${d.reason}`,
        amount: negateAmount(d.amount, d.currency),
      });
      return;
    }
    case 'PaymentReceived': {
      const d = e.data;
      put(draft.payments, d.paymentId, { externalReference: d.externalReference });
      add(d.billingAccountId, d.currency, {
        kind: 'payment',
        businessDate: d.receivedDate,
        reference: d.externalReference,
        documentId: d.paymentId,
        description: `Payment received (${d.method.replace('_', ' ')}), reference ${d.externalReference}`,
        amount: negateAmount(d.amount, d.currency),
      });
      return;
    }
    case 'PaymentReversed': {
      const d = e.data;
      const released = sumAmounts(
        [...d.allocationsToReverse.map((a) => a.amount), d.unappliedReleased],
        d.currency,
      );
      if (isZeroAmount(released, d.currency)) return;
      add(d.billingAccountId, d.currency, {
        kind: 'payment_reversal',
        businessDate: businessDateOfInstant(d.reversedAt),
        reference: paymentReference(d.paymentId),
        documentId: d.paymentId,
        description: `Payment ${paymentReference(d.paymentId)} reversed: ${d.reason}`,
        amount: released,
      });
      return;
    }
    case 'UnappliedCreditRefunded': {
      const d = e.data;
      add(d.billingAccountId, d.currency, {
        kind: 'refund',
        businessDate: businessDateOfInstant(d.refundedAt),
        reference: paymentReference(d.paymentId),
        documentId: d.refundId,
        description: `Refund ${d.refundId} of unapplied credit from payment ${paymentReference(d.paymentId)}`,
        amount: d.amount,
      });
      return;
    }
    case 'ChargebackReceived':
    case 'UnappliedCreditChargedBack': {
      const d = e.data;
      add(d.billingAccountId, d.currency, {
        kind: 'payment_reversal',
        businessDate: businessDateOfInstant(d.receivedAt),
        reference: paymentReference(d.paymentId),
        documentId: d.chargebackId,
        description: `Chargeback ${d.chargebackReference} on payment ${paymentReference(d.paymentId)}`,
        amount: d.amount,
      });
      return;
    }
    default:
      return;
  }
}

/** Every movement of every account's balance due, dated by business date, for statements. */
export const statementProjection = defineProjection<StatementState>({
  name: 'statement',
  initial: initialStatementState,
  handles: handledTypes,
  mutate,
});
