import type { SqlExecutor } from '@billing/event-store';
import type { InvoicingEvent } from '@billing/contracts';
import { Money } from '@billing/money';
import type { OpenInvoice } from '@billing/payments-domain';
import { releaseCreditedHold, releaseRejectedCreditHold } from './dispute-holds.read-model';

/** The most invoices one allocation considers (the decider's bound is higher). */
const openInvoicesMax = 1_000;

/**
 * `payments_rm.open_invoices` and `payments_rm.accounts`, kept from invoicing's events (never
 * from invoicing's tables). Every invoicing event that changes an open amount carries the new
 * one, so the row is set, not computed.
 */
export async function applyInvoicingEvent(event: InvoicingEvent, db: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'BillingAccountOpened':
      await db.query(
        `INSERT INTO payments_rm.accounts (billing_account_id, currency) VALUES ($1, $2)
         ON CONFLICT (billing_account_id) DO NOTHING`,
        [event.data.billingAccountId, event.data.currency],
      );
      return;
    case 'BillingDetailsUpdated':
      await db.query(
        'UPDATE payments_rm.accounts SET currency = $2 WHERE billing_account_id = $1',
        [event.data.billingAccountId, event.data.currency],
      );
      return;
    case 'InvoiceIssued': {
      const d = event.data;
      await db.query(
        `INSERT INTO payments_rm.open_invoices (invoice_id, billing_account_id, number, currency, issue_date,
           due_date, total, amount_open, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 'issued') ON CONFLICT (invoice_id) DO NOTHING`,
        [d.invoiceId, d.billingAccountId, d.number, d.currency, d.issueDate, d.dueDate, d.total],
      );
      return;
    }
    case 'CreditNoteIssued':
      await setOpenAmount(event.data, db);
      await releaseCreditedHold(event.data, db);
      return;
    case 'PaymentAllocationApplied':
    case 'PaymentAllocationReversed':
    case 'InvoiceWrittenOff':
      await setOpenAmount(event.data, db);
      return;
    case 'PaymentAllocationRejected':
      await db.query(
        'UPDATE payments_rm.open_invoices SET amount_open = $2 WHERE invoice_id = $1',
        [event.data.invoiceId, event.data.amountOpen],
      );
      return;
    case 'InvoiceAdjustmentRejected':
      await releaseRejectedCreditHold(event.data, db);
      return;
    case 'InvoiceVoided':
      await db.query(
        `UPDATE payments_rm.open_invoices SET status = 'voided' WHERE invoice_id = $1`,
        [event.data.invoiceId],
      );
      return;
    default:
      return;
  }
}

async function setOpenAmount(
  change: { invoiceId: string; amountOpen: string; status: string },
  db: SqlExecutor,
): Promise<void> {
  await db.query(
    'UPDATE payments_rm.open_invoices SET amount_open = $2, status = $3 WHERE invoice_id = $1',
    [change.invoiceId, change.amountOpen, change.status],
  );
}

/**
 * The account's invoices with something open, as allocation needs them, each with what its
 * disputes hold (`amountHeld`, zero when none).
 */
export async function openInvoicesOf(
  db: SqlExecutor,
  billingAccountId: string,
): Promise<Array<OpenInvoice & { amountHeld: string }>> {
  const { rows } = await db.query<{
    invoice_id: string;
    number: string;
    due_date: string;
    issue_date: string;
    amount_open: string;
    currency: string;
    amount_held: string;
  }>(
    `SELECT o.invoice_id, o.number, o.due_date, o.issue_date, o.amount_open, o.currency,
       COALESCE((SELECT sum(h.amount_held::numeric) FROM payments_rm.dispute_holds h
                  WHERE h.invoice_id = o.invoice_id AND h.status <> 'closed'), 0)::text AS amount_held
       FROM payments_rm.open_invoices o
      WHERE o.billing_account_id = $1 AND o.status IN ('issued', 'partially_paid')
        AND o.amount_open::numeric > 0
      ORDER BY o.due_date, o.issue_date, o.number LIMIT $2`,
    [billingAccountId, openInvoicesMax],
  );
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    number: r.number,
    dueDate: r.due_date,
    issueDate: r.issue_date,
    amountOpen: r.amount_open,
    currency: r.currency,
    // numeric's sum keeps the stored scale; Money makes a zero "0.00" like every other amount.
    amountHeld: Money.of(r.amount_held, r.currency).amount,
  }));
}

export async function accountCurrency(
  db: SqlExecutor,
  billingAccountId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ currency: string }>(
    'SELECT currency FROM payments_rm.accounts WHERE billing_account_id = $1',
    [billingAccountId],
  );
  return rows[0]?.currency;
}
