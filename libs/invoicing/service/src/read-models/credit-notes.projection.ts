import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import type { InvoiceEvent } from '@billing/contracts';
import type { Projection } from '@billing/read-models';

const creditNoteTypes = [
  'CreditNoteRequested',
  'CreditNoteApproved',
  'CreditNoteRejected',
  'CreditNoteIssued',
];

/**
 * `invoicing_rm.credit_notes`: one row per credit note, from the invoice streams. A note above
 * the approval threshold is `pending_approval` until approved (then `issued`, with its number)
 * or `rejected`; one within it is `issued` at once. Every write is safe to repeat.
 */
export const creditNotesProjection: Projection = {
  name: 'invoicing.credit-notes.v1',
  filter: { categories: ['invoice'], types: creditNoteTypes },
  apply: (event, db) => applyCreditNoteEvent(event as RecordedEvent & InvoiceEvent, db),
};

async function applyCreditNoteEvent(
  event: RecordedEvent & InvoiceEvent,
  db: SqlExecutor,
): Promise<void> {
  switch (event.type) {
    case 'CreditNoteRequested': {
      const d = event.data;
      await db.query(
        `INSERT INTO invoicing_rm.credit_notes (credit_note_id, invoice_id, billing_account_id, status,
           currency, amount, reason, requested_at)
         VALUES ($1, $2, $3, 'pending_approval', $4, $5, $6, $7)
         ON CONFLICT (credit_note_id) DO NOTHING`,
        [
          d.creditNoteId,
          d.invoiceId,
          d.billingAccountId,
          d.currency,
          d.amount,
          d.reason,
          d.requestedAt,
        ],
      );
      return;
    }
    case 'CreditNoteRejected':
      await db.query(
        `UPDATE invoicing_rm.credit_notes SET status = 'rejected' WHERE credit_note_id = $1`,
        [event.data.creditNoteId],
      );
      return;
    case 'CreditNoteIssued': {
      const d = event.data;
      await db.query(
        `INSERT INTO invoicing_rm.credit_notes (credit_note_id, invoice_id, billing_account_id, number,
           status, currency, amount, net_amount, tax_amount, reason, dispute_id, issue_date)
         VALUES ($1, $2, $3, $4, 'issued', $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (credit_note_id) DO UPDATE SET number = $4, status = 'issued', amount = $6,
           net_amount = $7, tax_amount = $8, dispute_id = $10, issue_date = $11`,
        [
          d.creditNoteId,
          d.invoiceId,
          d.billingAccountId,
          d.number,
          d.currency,
          d.amount,
          d.netAmount,
          d.taxAmount,
          d.reason,
          d.disputeId ?? null,
          d.issueDate,
        ],
      );
      return;
    }
    default:
      // CreditNoteApproved changes nothing listed: the CreditNoteIssued appended with it does.
      return;
  }
}
