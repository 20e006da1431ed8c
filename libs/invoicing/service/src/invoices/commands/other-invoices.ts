import type { SqlExecutor } from '@billing/event-store';
import {
  linesFingerprint,
  servicePeriodOf,
  type OtherInvoiceSummary,
} from '@billing/invoicing-domain';
import type { InvoiceLine, InvoiceStatus } from '@billing/contracts';

/** Bound of the duplicate check's look-back. */
const otherInvoicesMax = 500;

/** The account's other non-draft invoices from the read model, for the review's duplicate check. */
export async function otherInvoicesOf(
  db: SqlExecutor,
  billingAccountId: string,
  invoiceId: string,
): Promise<OtherInvoiceSummary[]> {
  const { rows } = await db.query<{
    invoice_id: string;
    number: string | null;
    purchase_order_number: string | null;
    status: InvoiceStatus;
    lines: InvoiceLine[];
    total: string;
    currency: string;
  }>(
    `SELECT invoice_id, number, purchase_order_number, status, lines, total, currency
       FROM invoicing_rm.invoices
      WHERE billing_account_id = $1 AND invoice_id <> $2 AND status <> 'draft'
      ORDER BY issue_date DESC NULLS LAST LIMIT $3`,
    [billingAccountId, invoiceId, otherInvoicesMax],
  );
  return rows.map((r) => {
    const servicePeriod = servicePeriodOf(r.lines);
    return {
      invoiceId: r.invoice_id,
      billingAccountId,
      status: r.status,
      total: r.total,
      currency: r.currency,
      linesFingerprint: linesFingerprint(r.lines),
      ...(r.number ? { number: r.number } : {}),
      ...(r.purchase_order_number ? { purchaseOrderNumber: r.purchase_order_number } : {}),
      ...(servicePeriod ? { servicePeriod } : {}),
    };
  });
}
