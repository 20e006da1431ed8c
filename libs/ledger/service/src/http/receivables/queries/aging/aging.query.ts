import { agingReport, type AgingReport, type AsOf } from '@billing/ledger-domain';
import { replayAccount, replayLog } from '../../../../core/as-of/replay';
import {
  balancesWithInvoices,
  receivableColumns,
  type ReceivableRow,
} from '../../../../core/projections/balances.ledger-projection';
import {
  agingAccountsMax,
  type ComputedAt,
  type LedgerQueryContext,
} from '../../../../core/queries/ledger-query-context';

export interface AgingParams {
  date: string;
  billingAccountId?: string;
  asOf?: AsOf;
}

/** Open receivables in aging buckets as of business date `date`, per account and in total. */
export async function agingQuery(
  ledger: LedgerQueryContext,
  params: AgingParams,
): Promise<AgingReport & { accountsTruncated: boolean; computedAt: ComputedAt }> {
  const { balances, computedAt } = params.asOf
    ? await replayedBalances(ledger, params.asOf, params.billingAccountId)
    : await liveBalances(ledger, params.date, params.billingAccountId);
  const report = agingReport(balances, {
    asOf: params.date,
    ...(params.billingAccountId !== undefined ? { billingAccountId: params.billingAccountId } : {}),
  });
  return {
    ...report,
    accounts: report.accounts.slice(0, agingAccountsMax),
    accountsTruncated: report.accounts.length > agingAccountsMax,
    computedAt,
  };
}

type Balances = Parameters<typeof agingReport>[0];

async function replayedBalances(
  ledger: LedgerQueryContext,
  asOf: AsOf,
  billingAccountId: string | undefined,
): Promise<{ balances: Balances; computedAt: ComputedAt }> {
  const replay =
    billingAccountId !== undefined
      ? await replayAccount({
          ...ledger.replayOptions(),
          billingAccountId,
          asOf,
          parts: ['balances'],
        }).then((r) => ({ balances: r.state.balances, replayed: r.replayed }))
      : await replayLog({ ...ledger.replayOptions(), asOf, parts: { balances: true } });
  return {
    balances: replay.balances as NonNullable<typeof replay.balances>,
    computedAt: { source: 'replay', ...replay.replayed },
  };
}

/**
 * Receivables that may have been open at the end of `date`: issued by then, and either open
 * now or moved after it (a later payment, credit or write-off may have closed them since).
 */
async function liveBalances(
  ledger: LedgerQueryContext,
  date: string,
  billingAccountId: string | undefined,
): Promise<{ balances: Balances; computedAt: ComputedAt }> {
  const live = await ledger.live('balances');
  const { rows } = await ledger.db.query<ReceivableRow>(
    `SELECT ${receivableColumns} FROM ${live.tables('receivables', 'balances')}
      WHERE issue_date <= $1 AND ($2::text IS NULL OR billing_account_id = $2)
        AND (amount_open <> 0
             OR jsonb_path_exists(movements, '$[*] ? (@.businessDate > $d)', jsonb_build_object('d', $1::text)))`,
    [date, billingAccountId ?? null],
  );
  return { balances: balancesWithInvoices(rows), computedAt: live.computedAt };
}
