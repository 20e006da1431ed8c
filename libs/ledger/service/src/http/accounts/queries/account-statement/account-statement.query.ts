import { customerStatement, type AsOf, type CustomerStatement } from '@billing/ledger-domain';
import { replayAccount } from '../../../../core/as-of/replay';
import {
  statementLineColumns,
  statementWithLines,
  type StatementLineRow,
} from '../../../../core/projections/statement.ledger-projection';
import type { ComputedAt, LedgerQueryContext } from '../../../../core/queries/ledger-query-context';

export interface StatementParams {
  billingAccountId: string;
  from: string;
  to: string;
  asOf?: AsOf;
}

/** The customer statement of an account for the business-date period [from, to]. */
export async function accountStatementQuery(
  ledger: LedgerQueryContext,
  params: StatementParams,
): Promise<CustomerStatement & { computedAt: ComputedAt }> {
  const period = { from: params.from, to: params.to };
  if (params.asOf) {
    const { state, replayed } = await replayAccount({
      ...ledger.replayOptions(),
      billingAccountId: params.billingAccountId,
      asOf: params.asOf,
      parts: ['statement'],
    });
    return {
      ...customerStatement(state.statement, params.billingAccountId, period),
      computedAt: { source: 'replay', ...replayed },
    };
  }
  const { tables, computedAt } = await ledger.live('statement');
  const { rows } = await ledger.db.query<StatementLineRow>(
    `SELECT ${statementLineColumns} FROM ${tables('statement_lines', 'statement')} t
      WHERE billing_account_id = $1 AND business_date <= $2
      ORDER BY t.global_position`,
    [params.billingAccountId, params.to],
  );
  return {
    ...customerStatement(statementWithLines(rows), params.billingAccountId, period),
    computedAt,
  };
}
