import type { SqlExecutor } from '@billing/event-store';
import { decodePageCursor, keysetPage, pageLimitOf, SqlConditions } from '@billing/platform';
import type { PaymentListView } from './payment-list-item.view';
import { paymentListName, type ListPaymentsQuery } from './list-payments.query';

const order = ['received_date', 'payment_id'] as const;

/** One page of `payments_rm.payments` matching `query`, by received date then id. */
export async function listPayments(
  db: SqlExecutor,
  query: ListPaymentsQuery,
): Promise<PaymentListView> {
  const limit = pageLimitOf(query);
  const where = new SqlConditions()
    .when(query.billingAccountId, (p) => `billing_account_id = ${p}`)
    .when(query.status, (p) => `status = ${p}`)
    .when(query.receivedDateFrom, (p) => `received_date >= ${p}`)
    .when(query.receivedDateTo, (p) => `received_date <= ${p}`)
    .when(query.reference, (p) => `external_reference = ${p}`)
    .when(query.currency, (p) => `currency = ${p}`)
    .when(query.method, (p) => `method = ${p}`)
    // Amounts are decimal strings; zero is "0", "0.00" or "0.000" by currency.
    .when(query.unapplied, (p) => `(unapplied::numeric > 0) = ${p}::boolean`)
    .after(order, query.cursor ? decodePageCursor(paymentListName, 2, query.cursor) : undefined);
  const { rows } = await db.query<PaymentListView['items'][number]>(
    `SELECT payment_id AS "paymentId", billing_account_id AS "billingAccountId", currency, amount,
            applied, pending, unapplied, refunded, reversed, charged_back AS "chargedBack", status,
            method, external_reference AS "externalReference", received_date AS "receivedDate"
       FROM payments_rm.payments ${where.sql()}
      ORDER BY ${order.join(', ')} LIMIT ${where.param(limit + 1)}`,
    where.params,
  );
  return keysetPage(rows, limit, paymentListName, (row) => [row.receivedDate, row.paymentId]);
}
