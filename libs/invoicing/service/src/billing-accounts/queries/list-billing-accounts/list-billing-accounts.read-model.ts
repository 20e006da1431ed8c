import { erasedPersonalData } from '@billing/contracts';
import type { SqlExecutor } from '@billing/event-store';
import { decodePageCursor, keysetPage, pageLimitOf, SqlConditions } from '@billing/platform';
import type { BillingAccountListView } from './billing-account-list-item.view';
import {
  accountListName,
  type ListBillingAccountsQuery,
  type VerificationState,
} from './list-billing-accounts.query';

const order = ['name_key', 'billing_account_id'] as const;

const verificationConditions: Record<VerificationState, string> = {
  verified: 'verified',
  failed: `NOT verified AND verification_problems <> '[]'::jsonb`,
  pending: `NOT verified AND verification_problems = '[]'::jsonb`,
};

/**
 * One page of `invoicing_rm.billing_accounts` matching `query`, by lowercased legal name then id.
 * The name prefix is a range of the "C"-collated key (`>= prefix` and `< prefix || U+10FFFF`), so
 * it reads one index range whatever the prefix holds (`%` and `_` are plain characters here).
 */
export async function listBillingAccounts(
  db: SqlExecutor,
  query: ListBillingAccountsQuery,
): Promise<BillingAccountListView> {
  const limit = pageLimitOf(query);
  const where = new SqlConditions()
    .when(query.status, (p) => `status = ${p}`)
    .when(query.currency, (p) => `currency = ${p}`)
    .when(query.onHold, (p) => `on_hold = ${p}::boolean`)
    .when(query.namePrefix, (p) => `name_key >= lower(${p}) COLLATE "C"`)
    .when(query.namePrefix, (p) => `name_key < (lower(${p}) || chr(1114111)) COLLATE "C"`);
  // An erased account's name is the marker, which is no one's name: never a match.
  if (query.namePrefix !== undefined) where.add(`legal_name <> ${where.param(erasedPersonalData)}`);
  if (query.verification) where.add(verificationConditions[query.verification]);
  where.after(order, await keyAfter(db, query.cursor));
  const { rows } = await db.query<Row>(
    `SELECT billing_account_id AS "billingAccountId", legal_name AS "legalName", currency, status,
            CASE WHEN verified THEN 'verified'
                 WHEN verification_problems <> '[]'::jsonb THEN 'failed' ELSE 'pending' END
              AS verification,
            on_hold AS "onHold", payment_terms_days AS "paymentTermsDays", name_key AS "nameKey"
       FROM invoicing_rm.billing_accounts ${where.sql()}
      ORDER BY ${order.join(', ')} LIMIT ${where.param(limit + 1)}`,
    where.params,
  );
  const page = keysetPage(rows, limit, accountListName, (row) => [row.billingAccountId]);
  return { items: page.items.map(({ nameKey: _key, ...item }) => item), next: page.next };
}

type Row = BillingAccountListView['items'][number] & { nameKey: string };

/**
 * The (name key, id) the next page starts after, from the id in the cursor. An account erased
 * since the last page has moved to `[erased]`; the list goes on from there, never failing.
 */
async function keyAfter(db: SqlExecutor, cursor: string | undefined) {
  const [id] = cursor ? (decodePageCursor(accountListName, 1, cursor) ?? []) : [];
  if (id === undefined) return undefined;
  const { rows } = await db.query<{ nameKey: string }>(
    `SELECT name_key AS "nameKey" FROM invoicing_rm.billing_accounts WHERE billing_account_id = $1`,
    [id],
  );
  // A cursor names an account that was listed, and accounts are never deleted.
  return [rows[0]?.nameKey ?? '', id];
}
