import {
  disputeActivityProjection,
  type DisputeActivityState,
  type DisputeOutcome,
  type DisputeRecord,
} from '@billing/ledger-domain';
import type { TableSpec } from '../tables/table-spec';
import { rowsWhereIn, tableRows, type LedgerProjectionSpec } from './ledger-projection-spec';
import { putRecord } from './records';

const disputes: TableSpec = {
  name: 'dispute_activity',
  kind: 'keyed',
  columns: [
    { name: 'dispute_id', type: 'text' },
    { name: 'invoice_id', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'amount', type: 'numeric' },
    { name: 'opened_on', type: 'text' },
    { name: 'resolved_on', type: 'text', nullable: true },
    { name: 'outcome', type: 'text', nullable: true },
  ],
  key: ['dispute_id'],
  indexes: [['billing_account_id']],
};

export const disputeColumns = `dispute_id, invoice_id, billing_account_id, currency,
  amount::text AS amount, opened_on, resolved_on, outcome`;

export interface DisputeRow {
  dispute_id: string;
  invoice_id: string;
  billing_account_id: string;
  currency: string;
  amount: string;
  opened_on: string;
  resolved_on: string | null;
  outcome: DisputeOutcome | null;
}

export function disputeActivityWith(rows: readonly DisputeRow[]): DisputeActivityState {
  const state = disputeActivityProjection.initial();
  for (const row of rows) {
    putRecord<DisputeRecord>(state.disputes, row.dispute_id, {
      disputeId: row.dispute_id,
      invoiceId: row.invoice_id,
      billingAccountId: row.billing_account_id,
      currency: row.currency,
      amount: row.amount,
      openedOn: row.opened_on,
      resolvedOn: row.resolved_on,
      outcome: row.outcome,
    });
  }
  return state;
}

/**
 * The metrics' own input: disputes opened and resolved. The other inputs (issue dates, due
 * dates, dated movements of every invoice) are the balances projection's receivables.
 */
export const metricsLedgerProjection: LedgerProjectionSpec<DisputeActivityState> = {
  name: 'metrics',
  description:
    'Dispute activity (opened, resolved, outcome) for the dispute rate and time to resolve',
  tables: [disputes],
  eventTypes: disputeActivityProjection.handles,
  initial: () => disputeActivityProjection.initial(),
  foldInto: (state, events) => disputeActivityProjection.foldInto(state, events),
  async load(db, t, keys) {
    return disputeActivityWith(
      await rowsWhereIn<DisputeRow>(
        db,
        t['dispute_activity'] as string,
        disputeColumns,
        'dispute_id',
        keys.disputes,
      ),
    );
  },
  drainAppended: () => tableRows([]),
  keyedRows(state) {
    return tableRows([
      [
        'dispute_activity',
        Object.values(state.disputes).map((d) => [
          d.disputeId,
          d.invoiceId,
          d.billingAccountId,
          d.currency,
          d.amount,
          d.openedOn,
          d.resolvedOn,
          d.outcome,
        ]),
      ],
    ]);
  },
};
