import {
  journalProjection,
  trialBalance,
  type AsOf,
  type LedgerAccountId,
  type TrialBalance,
} from '@billing/ledger-domain';
import { replayLog } from '../../../../core/as-of/replay';
import { putRecord } from '../../../../core/projections/records';
import type { ComputedAt, LedgerQueryContext } from '../../../../core/queries/ledger-query-context';

/** The trial balance per currency; it nets to zero (the domain asserts it). */
export async function trialBalanceQuery(
  ledger: LedgerQueryContext,
  asOf?: AsOf,
): Promise<{ currencies: TrialBalance[]; computedAt: ComputedAt }> {
  if (asOf) {
    const replay = await replayLog({ ...ledger.replayOptions(), asOf, parts: { journal: true } });
    return {
      currencies: trialBalance(replay.journal ?? journalProjection.initial()),
      computedAt: { source: 'replay', ...replay.replayed },
    };
  }
  const { tables, computedAt } = await ledger.live('journal');
  const { rows } = await ledger.db.query<{
    currency: string;
    ledger_account: LedgerAccountId;
    debit: string;
    credit: string;
  }>(
    `SELECT currency, ledger_account, debit::text AS debit, credit::text AS credit
       FROM ${tables('journal_totals', 'journal')}`,
  );
  const state = journalProjection.initial();
  for (const row of rows) {
    const byAccount =
      (Object.prototype.hasOwnProperty.call(state.totals, row.currency)
        ? state.totals[row.currency]
        : undefined) ?? putRecord(state.totals, row.currency, {} as (typeof state.totals)[string]);
    byAccount[row.ledger_account] = { debit: row.debit, credit: row.credit };
  }
  return { currencies: trialBalance(state), computedAt };
}
