import type { SqlExecutor } from '@billing/event-store';
import { decodePageCursor, keysetPage, pageLimitOf, SqlConditions } from '@billing/platform';
import type { CreditNoteListView } from './credit-note-list-item.view';
import { creditNoteListName, type ListCreditNotesQuery } from './list-credit-notes.query';

const order = ['issue_date_key', 'credit_note_id'] as const;

/** One page of `invoicing_rm.credit_notes` matching `query`, by issue date (unissued last). */
export async function listCreditNotes(
  db: SqlExecutor,
  query: ListCreditNotesQuery,
): Promise<CreditNoteListView> {
  const limit = pageLimitOf(query);
  const where = new SqlConditions()
    .when(query.billingAccountId, (p) => `billing_account_id = ${p}`)
    .when(query.invoiceId, (p) => `invoice_id = ${p}`)
    .when(query.status, (p) => `status = ${p}`)
    .when(query.reason, (p) => `reason = ${p}`)
    .when(query.currency, (p) => `currency = ${p}`)
    .when(query.number, (p) => `number = ${p}`)
    .when(query.issueDateFrom, (p) => `issue_date_key >= ${p}`)
    .when(query.issueDateTo, (p) => `issue_date_key <= ${p}`)
    .after(order, query.cursor ? decodePageCursor(creditNoteListName, 2, query.cursor) : undefined);
  if (query.issueDateFrom !== undefined || query.issueDateTo !== undefined)
    where.add('issue_date IS NOT NULL');
  const { rows } = await db.query<Row>(
    `SELECT credit_note_id AS "creditNoteId", invoice_id AS "invoiceId",
            billing_account_id AS "billingAccountId", number, status, currency, amount,
            net_amount AS "netAmount", tax_amount AS "taxAmount", reason, dispute_id AS "disputeId",
            issue_date AS "issueDate", requested_at AS "requestedAt", issue_date_key AS "issueDateKey"
       FROM invoicing_rm.credit_notes ${where.sql()}
      ORDER BY ${order.join(', ')} LIMIT ${where.param(limit + 1)}`,
    where.params,
  );
  const page = keysetPage(rows, limit, creditNoteListName, (row) => [
    row.issueDateKey,
    row.creditNoteId,
  ]);
  return { items: page.items.map(({ issueDateKey: _key, ...item }) => item), next: page.next };
}

type Row = CreditNoteListView['items'][number] & { issueDateKey: string };
