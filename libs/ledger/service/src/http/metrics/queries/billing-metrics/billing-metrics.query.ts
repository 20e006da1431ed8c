import {
  billingMetrics,
  collectionEffectivenessIndex,
  daysSalesOutstanding,
  discrepancyRate,
  explainMetrics,
  type AsOf,
  type BillingMetrics,
  type CollectionEffectiveness,
  type DaysSalesOutstanding,
  type DiscrepancyRate,
  type MetricsExplanation,
} from '@billing/ledger-domain';
import { replayAccount, replayLog } from '../../../../core/as-of/replay';
import {
  balancesWithInvoices,
  receivableColumns,
  type ReceivableRow,
} from '../../../../core/projections/balances.ledger-projection';
import {
  disputeActivityWith,
  disputeColumns,
  type DisputeRow,
} from '../../../../core/projections/metrics.ledger-projection';
import type { ComputedAt, LedgerQueryContext } from '../../../../core/queries/ledger-query-context';

export interface MetricsParams {
  from: string;
  to: string;
  billingAccountId?: string;
  asOf?: AsOf;
  /** Also list the invoices behind every figure. */
  explain?: boolean;
}

export interface MetricsAnswer {
  from: string;
  to: string;
  billingAccountId: string | null;
  metrics: BillingMetrics;
  discrepancy: DiscrepancyRate;
  collectionEffectiveness: CollectionEffectiveness[];
  daysSalesOutstanding: DaysSalesOutstanding[];
  explanation?: MetricsExplanation;
  computedAt: ComputedAt;
}

/** The metrics' inputs: the balances (with invoices) and the dispute activity. */
interface MetricsInputs {
  balances: Parameters<typeof billingMetrics>[0];
  disputes: Parameters<typeof billingMetrics>[1];
  computedAt: ComputedAt;
}

/**
 * The billing metrics a coordinator tracks for the period [from, to]: payment turnaround,
 * overdue shares and dispute figures as they stood at the end of `to`, and the collection
 * effectiveness index over the period. Optionally for one account.
 */
export async function billingMetricsQuery(
  ledger: LedgerQueryContext,
  params: MetricsParams,
): Promise<MetricsAnswer> {
  const account =
    params.billingAccountId !== undefined ? { billingAccountId: params.billingAccountId } : {};
  const inputs = params.asOf
    ? await replayedInputs(ledger, params.asOf, params.billingAccountId)
    : await liveInputs(ledger, params.to, params.billingAccountId);
  const period = { from: params.from, to: params.to, ...account };
  const collectionEffectiveness = collectionEffectivenessIndex(inputs.balances, period);
  return {
    from: params.from,
    to: params.to,
    billingAccountId: params.billingAccountId ?? null,
    metrics: billingMetrics(inputs.balances, inputs.disputes, { asOf: params.to, ...account }),
    discrepancy: discrepancyRate(inputs.balances, period),
    collectionEffectiveness,
    daysSalesOutstanding: daysSalesOutstanding(collectionEffectiveness, period),
    ...(params.explain
      ? { explanation: explainMetrics(inputs.balances, inputs.disputes, period) }
      : {}),
    computedAt: inputs.computedAt,
  };
}

async function replayedInputs(
  ledger: LedgerQueryContext,
  asOf: AsOf,
  billingAccountId: string | undefined,
): Promise<MetricsInputs> {
  if (billingAccountId !== undefined) {
    const { state, replayed } = await replayAccount({
      ...ledger.replayOptions(),
      billingAccountId,
      asOf,
      parts: ['balances', 'disputes'],
    });
    return {
      balances: state.balances,
      disputes: state.disputes,
      computedAt: { source: 'replay', ...replayed },
    };
  }
  const replay = await replayLog({
    ...ledger.replayOptions(),
    asOf,
    parts: { balances: true, disputes: true },
  });
  return {
    balances: replay.balances as NonNullable<typeof replay.balances>,
    disputes: replay.disputes as NonNullable<typeof replay.disputes>,
    computedAt: { source: 'replay', ...replay.replayed },
  };
}

async function liveInputs(
  ledger: LedgerQueryContext,
  to: string,
  billingAccountId: string | undefined,
): Promise<MetricsInputs> {
  const live = await ledger.live('balances', 'metrics');
  const receivables = await ledger.db.query<ReceivableRow>(
    `SELECT ${receivableColumns} FROM ${live.tables('receivables', 'balances')}
      WHERE issue_date <= $1 AND ($2::text IS NULL OR billing_account_id = $2)`,
    [to, billingAccountId ?? null],
  );
  const disputes = await ledger.db.query<DisputeRow>(
    `SELECT ${disputeColumns} FROM ${live.tables('dispute_activity', 'metrics')}
      WHERE opened_on <= $1 AND ($2::text IS NULL OR billing_account_id = $2)`,
    [to, billingAccountId ?? null],
  );
  return {
    balances: balancesWithInvoices(receivables.rows),
    disputes: disputeActivityWith(disputes.rows),
    computedAt: live.computedAt,
  };
}
