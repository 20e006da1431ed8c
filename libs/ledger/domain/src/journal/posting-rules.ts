import { sumAmounts } from '../shared/amounts';
import { asKnown, type LedgerEvent } from '../shared/ledger-event';
import { businessDateOfInstant } from '../shared/business-date';
import { own } from '../shared/records';
import { line, withoutZeroLines, type JournalEntry, type JournalLine } from './journal-entry';

/** What the journal remembers of an issued invoice: enough to reverse its issue on a void. */
export interface IssuedInvoiceFacts {
  billingAccountId: string;
  currency: string;
  number: string;
  subtotal: string;
  taxTotal: string;
  total: string;
  issueDate: string;
  voided: boolean;
}

/** The only financial events; everything else (drafts, dunning, disputes...) posts nothing. */
export const postingEventTypes: ReadonlySet<string> = new Set([
  'InvoiceIssued',
  'InvoiceVoided',
  'CreditNoteIssued',
  'InvoiceWrittenOff',
  'PaymentReceived',
  'PaymentAllocationApplied',
  'PaymentAllocationReversed',
  'PaymentReversed',
  'UnappliedCreditRefunded',
  'ChargebackReceived',
  'UnappliedCreditChargedBack',
]);

export type PostingOutcome =
  { kind: 'entry'; entry: JournalEntry } | { kind: 'none' } | { kind: 'skipped'; reason: string };

const none: PostingOutcome = { kind: 'none' };

/**
 * The posting rule of one event (README, "Posting rules"). Which side of a payment's application
 * posts: the invoice side (`PaymentAllocationApplied` / `PaymentAllocationReversed`), because
 * that is where receivables really change; the payment side's `PaymentAllocated`,
 * `AllocationConfirmed` and `AllocationReturned` only track the proposal and post nothing, so an
 * application is never counted twice and a rejected allocation never counted at all.
 */
export function postingFor(
  event: LedgerEvent,
  invoices: Readonly<Record<string, IssuedInvoiceFacts>>,
): PostingOutcome {
  const e = asKnown(event);
  const entry = (
    billingAccountId: string,
    currency: string,
    businessDate: string,
    reference: string,
    lines: JournalLine[],
  ): PostingOutcome => {
    const kept = withoutZeroLines(lines, currency);
    if (kept.length === 0) return none;
    return {
      kind: 'entry',
      entry: {
        entryId: event.eventId,
        eventId: event.eventId,
        eventType: event.type,
        globalPosition: event.globalPosition,
        billingAccountId,
        currency,
        businessDate,
        reference,
        lines: kept,
      },
    };
  };
  const knownInvoice = (invoiceId: string): IssuedInvoiceFacts | null =>
    own(invoices, invoiceId) ?? null;
  const unknownInvoice = (invoiceId: string): PostingOutcome => ({
    kind: 'skipped',
    reason: `invoice ${invoiceId} was never issued in the events folded so far`,
  });

  switch (e.type) {
    case 'InvoiceIssued': {
      const d = e.data;
      return entry(d.billingAccountId, d.currency, d.issueDate, `invoice ${d.number}`, [
        line('accounts_receivable', 'debit', d.total),
        line('revenue', 'credit', d.subtotal),
        line('tax_payable', 'credit', d.taxTotal),
      ]);
    }
    case 'InvoiceVoided': {
      // Invoicing voids only invoices with nothing applied, so the whole issue entry reverses.
      const invoice = knownInvoice(e.data.invoiceId);
      // A voided draft was never posted; a repeated void must not reverse twice.
      if (invoice === null || invoice.voided) return none;
      return entry(
        invoice.billingAccountId,
        invoice.currency,
        businessDateOfInstant(e.data.voidedAt),
        `invoice ${invoice.number} voided`,
        [
          line('revenue', 'debit', invoice.subtotal),
          line('tax_payable', 'debit', invoice.taxTotal),
          line('accounts_receivable', 'credit', invoice.total),
        ],
      );
    }
    case 'CreditNoteIssued': {
      const d = e.data;
      const invoice = knownInvoice(d.invoiceId);
      if (invoice === null) return unknownInvoice(d.invoiceId);
      // Invoicing splits the credited amount into net and tax (per credited line, or in the
      // invoice's net:tax proportion); the journal takes that split as stated, and the balance
      // check refuses a note whose net + tax is not its amount.
      return entry(
        d.billingAccountId,
        d.currency,
        d.issueDate,
        `credit note ${d.number} on invoice ${invoice.number}`,
        [
          line('sales_credits', 'debit', d.netAmount),
          line('tax_payable', 'debit', d.taxAmount),
          line('accounts_receivable', 'credit', d.amount),
        ],
      );
    }
    case 'InvoiceWrittenOff': {
      const d = e.data;
      const invoice = knownInvoice(d.invoiceId);
      if (invoice === null) return unknownInvoice(d.invoiceId);
      return entry(
        d.billingAccountId,
        d.currency,
        businessDateOfInstant(d.writtenOffAt),
        `write-off ${d.writeOffId} on invoice ${invoice.number}`,
        [
          line('bad_debt_expense', 'debit', d.amount),
          line('accounts_receivable', 'credit', d.amount),
        ],
      );
    }
    case 'PaymentReceived': {
      const d = e.data;
      return entry(
        d.billingAccountId,
        d.currency,
        d.receivedDate,
        `payment ${d.externalReference}`,
        [line('cash', 'debit', d.amount), line('unapplied_cash', 'credit', d.amount)],
      );
    }
    case 'PaymentAllocationApplied': {
      const d = e.data;
      const invoice = knownInvoice(d.invoiceId);
      if (invoice === null) return unknownInvoice(d.invoiceId);
      return entry(
        d.billingAccountId,
        d.currency,
        businessDateOfInstant(event.occurredAt),
        `payment ${d.paymentId} applied to invoice ${invoice.number}`,
        [
          line('unapplied_cash', 'debit', d.amountApplied),
          line('accounts_receivable', 'credit', d.amountApplied),
        ],
      );
    }
    case 'PaymentAllocationReversed': {
      const d = e.data;
      const invoice = knownInvoice(d.invoiceId);
      if (invoice === null) return unknownInvoice(d.invoiceId);
      return entry(
        d.billingAccountId,
        d.currency,
        businessDateOfInstant(event.occurredAt),
        `payment ${d.paymentId} unapplied from invoice ${invoice.number}`,
        [
          line('accounts_receivable', 'debit', d.amountReversed),
          line('unapplied_cash', 'credit', d.amountReversed),
        ],
      );
    }
    case 'PaymentReversed': {
      // The bank takes back everything not refunded: the unapplied rest plus every allocation,
      // pending or applied. Applied allocations come back to unapplied cash when invoicing
      // reverses them (PaymentAllocationReversed), which brings unapplied cash back to zero.
      const d = e.data;
      const released = sumAmounts(
        [...d.allocationsToReverse.map((a) => a.amount), d.unappliedReleased],
        d.currency,
      );
      return entry(
        d.billingAccountId,
        d.currency,
        businessDateOfInstant(d.reversedAt),
        `payment ${d.paymentId} reversed`,
        [line('unapplied_cash', 'debit', released), line('cash', 'credit', released)],
      );
    }
    case 'UnappliedCreditRefunded': {
      const d = e.data;
      return entry(
        d.billingAccountId,
        d.currency,
        businessDateOfInstant(d.refundedAt),
        `refund ${d.refundId} of payment ${d.paymentId}`,
        [line('unapplied_cash', 'debit', d.amount), line('cash', 'credit', d.amount)],
      );
    }
    case 'ChargebackReceived':
    case 'UnappliedCreditChargedBack': {
      // The bank claws money back. From applied money (ChargebackReceived, one per invoice) the
      // invoice side comes back to unapplied cash when invoicing reverses that part of the
      // allocation (PaymentAllocationReversed), as for a bounced payment; either way cash leaves.
      const d = e.data;
      return entry(
        d.billingAccountId,
        d.currency,
        businessDateOfInstant(d.receivedAt),
        `chargeback ${d.chargebackReference} on payment ${d.paymentId}`,
        [line('unapplied_cash', 'debit', d.amount), line('cash', 'credit', d.amount)],
      );
    }
    default:
      return none;
  }
}
