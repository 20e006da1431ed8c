import type { SqlExecutor } from '@billing/event-store';
import type { CollectionCaseState } from '@billing/collections-domain';

/** Cases read by one query at most; a query past it says so (`truncated`). */
export const caseRowsMax = 20_000;

type StateColumn = { state: CollectionCaseState | string };

function parsed(row: StateColumn): CollectionCaseState {
  return typeof row.state === 'string' ? (JSON.parse(row.state) as CollectionCaseState) : row.state;
}

export async function caseStatesOfAccount(
  db: SqlExecutor,
  billingAccountId: string,
): Promise<{ cases: CollectionCaseState[]; truncated: boolean }> {
  const { rows } = await db.query<StateColumn>(
    `SELECT state FROM collections_rm.cases WHERE billing_account_id = $1
      ORDER BY due_date, invoice_number, invoice_id LIMIT $2`,
    [billingAccountId, caseRowsMax + 1],
  );
  return { cases: rows.slice(0, caseRowsMax).map(parsed), truncated: rows.length > caseRowsMax };
}

/** Open cases past their due date: the worklist's candidates. */
export async function overdueCaseStates(
  db: SqlExecutor,
  today: string,
): Promise<{ cases: CollectionCaseState[]; truncated: boolean }> {
  const { rows } = await db.query<StateColumn>(
    `SELECT state FROM collections_rm.cases WHERE status = 'open' AND due_date < $1
      ORDER BY due_date, invoice_id LIMIT $2`,
    [today, caseRowsMax + 1],
  );
  return { cases: rows.slice(0, caseRowsMax).map(parsed), truncated: rows.length > caseRowsMax };
}

/** Segment per account, as assigned (accounts never assigned follow `standard`). */
export async function segmentsOf(
  db: SqlExecutor,
  billingAccountIds: string[],
): Promise<Map<string, string>> {
  if (billingAccountIds.length === 0) return new Map();
  const { rows } = await db.query<{ billing_account_id: string; segment: string }>(
    'SELECT billing_account_id, segment FROM collections_rm.accounts WHERE billing_account_id = ANY($1)',
    [billingAccountIds],
  );
  return new Map(rows.map((row) => [row.billing_account_id, row.segment]));
}
