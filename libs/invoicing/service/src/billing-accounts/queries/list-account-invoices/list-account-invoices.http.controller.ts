import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';

const statuses = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'voided',
  'credited',
  'written_off',
] as const;

export class ListAccountInvoicesQuery {
  @IsOptional()
  @IsIn(statuses, { message: `must be one of ${statuses.join(', ')}` })
  status?: string;
}

/** Bound of one answer; an account with more invoices is asked per status. */
const invoicesMax = 1_000;

@Controller('billing-accounts')
export class ListAccountInvoicesHttpController {
  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  /** The account's invoices grouped by status (or one status), oldest due first. */
  @ApiContract({ operationId: 'listAccountInvoices', summary: "List an account's invoices" })
  @Get(':id/invoices')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ param: 'id' })
  async list(@Param() { id }: IdParams, @Query() query: ListAccountInvoicesQuery) {
    const { rows } = await this.deps.db.query<{ status: string } & Record<string, unknown>>(
      `SELECT invoice_id AS "invoiceId", number, status, currency, total, amount_open AS "amountOpen",
              issue_date AS "issueDate", due_date AS "dueDate"
         FROM invoicing_rm.invoices
        WHERE billing_account_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY due_date NULLS LAST, number NULLS LAST, invoice_id LIMIT $3`,
      [id, query.status ?? null, invoicesMax],
    );
    const byStatus: Record<string, unknown[]> = {};
    for (const row of rows) (byStatus[row.status] ??= []).push(row);
    return { billingAccountId: id, byStatus, invoices: rows };
  }
}
