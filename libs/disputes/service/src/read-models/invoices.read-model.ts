import type { SqlExecutor } from '@billing/event-store';
import type { InvoicingEvent } from '@billing/contracts';
import type { DisputedInvoice } from '@billing/disputes-domain';
import { Money } from '@billing/money';

/** The most open disputes one invoice can carry before a new one is refused as a bug. */
const openDisputesPerInvoiceMax = 1_000;

/**
 * `disputes_rm.invoices`, kept from invoicing's events. Every invoicing event that changes an
 * open amount carries the new one, so the row is set, never computed; applying an event twice
 * leaves the same row.
 */
export async function applyInvoicingEvent(event: InvoicingEvent, db: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'InvoiceIssued': {
      const d = event.data;
      const lines = d.lines.map((line) => ({
        lineId: line.lineId,
        description: line.description,
        total: line.total,
      }));
      await db.query(
        `INSERT INTO disputes_rm.invoices (invoice_id, billing_account_id, number, currency, issue_date,
           due_date, total, amount_open, status, lines)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 'issued', $8) ON CONFLICT (invoice_id) DO NOTHING`,
        [
          d.invoiceId,
          d.billingAccountId,
          d.number,
          d.currency,
          d.issueDate,
          d.dueDate,
          d.total,
          JSON.stringify(lines),
        ],
      );
      return;
    }
    case 'PaymentAllocationApplied':
    case 'PaymentAllocationReversed':
    case 'CreditNoteIssued':
    case 'InvoiceWrittenOff':
      await db.query(
        'UPDATE disputes_rm.invoices SET amount_open = $2, status = $3 WHERE invoice_id = $1',
        [event.data.invoiceId, event.data.amountOpen, event.data.status],
      );
      return;
    case 'PaymentAllocationRejected':
      // A voided invoice owes nothing, whatever open amount invoicing's refusal states.
      await db.query(
        `UPDATE disputes_rm.invoices SET amount_open = $2 WHERE invoice_id = $1 AND status <> 'voided'`,
        [event.data.invoiceId, event.data.amountOpen],
      );
      return;
    case 'InvoiceVoided': {
      // A voided invoice owes nothing, as invoicing reports it; the event carries no amount.
      const row = await db.query<{ currency: string }>(
        'SELECT currency FROM disputes_rm.invoices WHERE invoice_id = $1',
        [event.data.invoiceId],
      );
      const currency = row.rows[0]?.currency;
      if (currency === undefined) return;
      await db.query(
        `UPDATE disputes_rm.invoices SET status = 'voided', amount_open = $2 WHERE invoice_id = $1`,
        [event.data.invoiceId, Money.zero(currency).amount],
      );
      return;
    }
    default:
      return;
  }
}

export interface KnownInvoice extends DisputedInvoice {
  invoiceId: string;
  billingAccountId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  lines: Array<{ lineId: string; description: string; total: string }>;
  /** Ids of the open disputes on it. */
  openDisputeIds: string[];
}

/**
 * The invoice as disputes knows it, with what its open disputes hold, or undefined when
 * invoicing's InvoiceIssued has not reached disputes (yet).
 */
export async function knownInvoice(
  db: SqlExecutor,
  invoiceId: string,
): Promise<KnownInvoice | undefined> {
  const { rows } = await db.query<{
    billing_account_id: string;
    number: string;
    currency: string;
    issue_date: string;
    due_date: string;
    total: string;
    amount_open: string;
    status: DisputedInvoice['status'];
    lines: KnownInvoice['lines'];
  }>(
    `SELECT billing_account_id, number, currency, issue_date, due_date, total, amount_open, status, lines
       FROM disputes_rm.invoices WHERE invoice_id = $1`,
    [invoiceId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const held = await db.query<{ dispute_id: string; amount: string; currency: string }>(
    `SELECT dispute_id, amount, currency FROM disputes_rm.disputes
      WHERE invoice_id = $1 AND status = 'open' ORDER BY opened_at, dispute_id LIMIT $2`,
    [invoiceId, openDisputesPerInvoiceMax],
  );
  const amountOnHold = Money.sum(
    held.rows.map((r) => Money.of(r.amount, r.currency)),
    row.currency,
  );
  return {
    invoiceId,
    billingAccountId: row.billing_account_id,
    number: row.number,
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    total: row.total,
    amountOpen: row.amount_open,
    amountOnHold: amountOnHold.amount,
    status: row.status,
    lines: row.lines,
    openDisputeIds: held.rows.map((r) => r.dispute_id),
  };
}
