import { Controller, Get, Inject, Param } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';

/** Bound of the history listed with an invoice. */
const historyMax = 500;

@Controller('invoices')
export class GetInvoiceHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /** The invoice with lines, totals, tax, open amount and its history, from the read model. */
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  async get(@Param() { id }: IdParams) {
    const { rows } = await this.deps.db.query<Record<string, unknown>>(
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
    const history = await this.deps.db.query(
      `SELECT stream_version AS "version", type, occurred_at AS "occurredAt", recorded_at AS "recordedAt",
              actor_id AS "actorId", correlation_id AS "correlationId", details
         FROM invoicing_rm.invoice_history WHERE invoice_id = $1 ORDER BY stream_version LIMIT $2`,
      [id, historyMax],
    );
    return { ...invoice, history: history.rows };
  }
}
