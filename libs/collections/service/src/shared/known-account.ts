import { DomainError } from '@billing/kernel';
import type { SqlExecutor } from '@billing/event-store';

/**
 * Refuses an account collections has not learned from invoicing's events: settings recorded
 * against a mistyped id would sit forever on an account nobody has. Invoicing's events may lag
 * a moment behind a just-opened account, so the problem says to retry.
 */
export async function requireKnownAccount(
  db: SqlExecutor,
  billingAccountId: string,
): Promise<void> {
  const { rows } = await db.query(
    'SELECT 1 FROM collections_rm.accounts WHERE billing_account_id = $1 AND currency IS NOT NULL',
    [billingAccountId],
  );
  if (rows.length > 0) return;
  throw new DomainError(
    'UNKNOWN_BILLING_ACCOUNT',
    `Collections knows no billing account ${billingAccountId}`,
    'not_found',
    [
      {
        field: 'id',
        reason:
          'must be a billing account invoicing opened (one opened moments ago may not have reached collections yet: retry shortly)',
      },
    ],
  );
}
