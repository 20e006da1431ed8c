import { accountBalances, type AccountBalance, type AsOf } from '@billing/ledger-domain';
import { replayAccount } from '../../../../core/as-of/replay';
import {
  accountBalanceOf,
  balanceColumns,
  type BalanceRow,
} from '../../../../core/projections/balances.ledger-projection';
import type { ComputedAt, LedgerQueryContext } from '../../../../core/queries/ledger-query-context';

/** An account's balances per currency. */
export async function accountBalancesQuery(
  ledger: LedgerQueryContext,
  billingAccountId: string,
  asOf?: AsOf,
): Promise<{ billingAccountId: string; balances: AccountBalance[]; computedAt: ComputedAt }> {
  if (asOf) {
    const { state, replayed } = await replayAccount({
      ...ledger.replayOptions(),
      billingAccountId,
      asOf,
      parts: ['balances'],
    });
    return {
      billingAccountId,
      balances: accountBalances(state.balances, billingAccountId),
      computedAt: { source: 'replay', ...replayed },
    };
  }
  const { tables, computedAt } = await ledger.live('balances');
  const { rows } = await ledger.db.query<BalanceRow>(
    `SELECT ${balanceColumns} FROM ${tables('balances', 'balances')}
      WHERE billing_account_id = $1 ORDER BY currency`,
    [billingAccountId],
  );
  return { billingAccountId, balances: rows.map(accountBalanceOf), computedAt };
}
