import type { SqlExecutor } from '@billing/event-store';
import { decodePageCursor, keysetPage, pageLimitOf, SqlConditions } from '@billing/platform';
import type { InvoiceListView } from './invoice-list-item.view';
import { invoiceListName, type ListInvoicesQuery } from './list-invoices.query';

/** Page order: due date (drafts, which have none, last), then id; both in every cursor. */
const order = ['due_date_key', 'invoice_id'] as const;

/**
 * One page of `invoicing_rm.invoices` matching `query`, in due-date order. Each filter becomes
 * its own condition, so `status` + due-date range reads `invoices_list_by_status` as one range
 * scan of at most `limit + 1` rows, whatever the table holds.
 */
export async function listInvoices(
  db: SqlExecutor,
  query: ListInvoicesQuery,
): Promise<InvoiceListView> {
  const limit = pageLimitOf(query);
  const where = new SqlConditions()
    .when(query.billingAccountId, (p) => `billing_account_id = ${p}`)
    .when(query.status, (p) => `status = ${p}`)
    .when(query.currency, (p) => `currency = ${p}`)
    .when(query.number, (p) => `number = ${p}`)
    .when(query.issueDateFrom, (p) => `issue_date >= ${p}`)
    .when(query.issueDateTo, (p) => `issue_date <= ${p}`)
    // On the key column, so the range narrows the same index scan; drafts' key is 9999-12-31.
    .when(query.dueDateFrom, (p) => `due_date_key >= ${p}`)
    .when(query.dueDateTo, (p) => `due_date_key <= ${p}`)
    .after(order, query.cursor ? decodePageCursor(invoiceListName, 2, query.cursor) : undefined);
  if (query.dueDateFrom !== undefined || query.dueDateTo !== undefined)
    where.add('due_date IS NOT NULL');
  const { rows } = await db.query<Row>(
    `SELECT invoice_id AS "invoiceId", billing_account_id AS "billingAccountId", number, status,
            currency, total, amount_open AS "amountOpen", issue_date AS "issueDate",
            due_date AS "dueDate", purchase_order_number AS "purchaseOrderNumber",
            due_date_key AS "dueDateKey"
       FROM invoicing_rm.invoices ${where.sql()}
      ORDER BY ${order.join(', ')} LIMIT ${where.param(limit + 1)}`,
    where.params,
  );
  const page = keysetPage(rows, limit, invoiceListName, (row) => [row.dueDateKey, row.invoiceId]);
  return { items: page.items.map(({ dueDateKey: _key, ...item }) => item), next: page.next };
}

type Row = InvoiceListView['items'][number] & { dueDateKey: string };
