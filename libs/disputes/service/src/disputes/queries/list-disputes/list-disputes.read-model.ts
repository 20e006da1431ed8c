import type { SqlExecutor } from '@billing/event-store';
import { decodePageCursor, keysetPage, pageLimitOf, SqlConditions } from '@billing/platform';
import type { DisputeListView } from './dispute-list-item.view';
import { disputeListName, type ListDisputesQuery } from './list-disputes.query';

const order = ['opened_at', 'dispute_id'] as const;

/** One page of `disputes_rm.disputes` matching `query`, oldest opened first, then id. */
export async function listDisputes(
  db: SqlExecutor,
  query: ListDisputesQuery,
): Promise<DisputeListView> {
  const limit = pageLimitOf(query);
  const where = new SqlConditions()
    .when(query.status, (p) => `status = ${p}`)
    .when(query.owner, (p) => `owner = ${p}`)
    .when(query.unassigned, (p) => `(owner IS NULL) = ${p}::boolean`)
    .when(query.invoiceId, (p) => `invoice_id = ${p}`)
    .when(query.billingAccountId, (p) => `billing_account_id = ${p}`)
    .when(query.department, (p) => `department = ${p}`)
    .after(order, query.cursor ? decodePageCursor(disputeListName, 2, query.cursor) : undefined);
  const { rows } = await db.query<DisputeListView['items'][number]>(
    `SELECT dispute_id AS "disputeId", billing_account_id AS "billingAccountId",
            invoice_id AS "invoiceId", invoice_number AS "invoiceNumber", status, amount, currency,
            reason_category AS "reasonCategory", source, owner, department,
            opened_at AS "openedAt", resolution_due_date AS "resolutionDueDate", escalated, outcome,
            accepted_amount AS "acceptedAmount", resolved_at AS "resolvedAt"
       FROM disputes_rm.disputes ${where.sql()}
      ORDER BY ${order.join(', ')} LIMIT ${where.param(limit + 1)}`,
    where.params,
  );
  return keysetPage(rows, limit, disputeListName, (row) => [row.openedAt, row.disputeId]);
}
