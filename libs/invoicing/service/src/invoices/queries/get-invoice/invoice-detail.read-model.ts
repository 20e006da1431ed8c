import type {
  CreditNoteIssued,
  InvoiceAdjustmentRejected,
  InvoiceWrittenOff,
} from '@billing/contracts';
import type { SqlExecutor } from '@billing/event-store';
import { DomainError } from '@billing/kernel';
import type {
  InvoiceDetailView,
  InvoiceHistoryEntryView,
  InvoiceRowView,
} from './invoice-detail.view';

/** Bound of the history listed with an invoice. */
const historyMax = 500;

/**
 * The invoice with lines, totals, tax, open amount, credit notes, write-offs and its history,
 * from the read model (its JSON view and its PDF show the same figures); a typed not-found.
 */
export async function readInvoiceDetail(db: SqlExecutor, id: string): Promise<InvoiceDetailView> {
  const { rows } = await db.query<InvoiceRowView>(
    `SELECT invoice_id AS "invoiceId", billing_account_id AS "billingAccountId", number, status, currency,
            subtotal, tax_total AS "taxTotal", total, amount_open AS "amountOpen", issue_date AS "issueDate",
            due_date AS "dueDate", purchase_order_number AS "purchaseOrderNumber",
            corrects_invoice_id AS "correctsInvoiceId", memo, lines, last_review AS "lastReview", sent_at AS "sentAt"
       FROM invoicing_rm.invoices WHERE invoice_id = $1`,
    [id],
  );
  const invoice = rows[0];
  if (!invoice)
    throw new DomainError('INVOICE_NOT_FOUND', `Invoice ${id} does not exist`, 'not_found');
  const history = await db.query<InvoiceHistoryEntryView>(
    `SELECT stream_version AS "version", type, occurred_at AS "occurredAt", recorded_at AS "recordedAt",
            actor_id AS "actorId", correlation_id AS "correlationId", details
       FROM invoicing_rm.invoice_history WHERE invoice_id = $1 ORDER BY stream_version LIMIT $2`,
    [id, historyMax],
  );
  const adjustments = await db.query<HistoryRow>(
    `SELECT type, details FROM invoicing_rm.invoice_history
      WHERE invoice_id = $1 AND type = ANY($2) ORDER BY stream_version LIMIT $3`,
    [id, adjustmentTypes, historyMax],
  );
  return { ...invoice, ...adjustmentsOf(adjustments.rows), history: history.rows };
}

interface HistoryRow {
  type: string;
  details: Record<string, unknown>;
}

const adjustmentTypes = ['CreditNoteIssued', 'InvoiceWrittenOff', 'InvoiceAdjustmentRejected'];

/**
 * What reduced the invoice besides payments, as a coordinator asks about it: its credit notes
 * (with the dispute they settle), its write-offs, and any part of a write-off or dispute credit
 * that could not be applied.
 */
function adjustmentsOf(rows: HistoryRow[]) {
  const of = <Data>(type: string): Data[] =>
    rows.filter((row) => row.type === type).map((row) => row.details as unknown as Data);
  return {
    creditNotes: of<CreditNoteIssued>('CreditNoteIssued').map((d) => ({
      creditNoteId: d.creditNoteId,
      number: d.number,
      issueDate: d.issueDate,
      amount: d.amount,
      netAmount: d.netAmount,
      taxAmount: d.taxAmount,
      reason: d.reason,
      disputeId: d.disputeId ?? null,
      memo: d.memo ?? null,
    })),
    writeOffs: of<InvoiceWrittenOff>('InvoiceWrittenOff').map((d) => ({
      writeOffId: d.writeOffId,
      amount: d.amount,
      reason: d.reason,
      writtenOffAt: d.writtenOffAt,
    })),
    rejectedAdjustments: of<InvoiceAdjustmentRejected>('InvoiceAdjustmentRejected').map((d) => ({
      source: d.source,
      writeOffId: d.writeOffId ?? null,
      disputeId: d.disputeId ?? null,
      amountRequested: d.amountRequested,
      amountRejected: d.amountRejected,
      reason: d.reason,
      message: d.message,
      rejectedAt: d.rejectedAt,
    })),
  };
}
