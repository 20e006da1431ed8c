import { billingAccountOf } from '@billing/ledger-domain';
import type { TableSpec } from '../tables/table-spec';
import { tableRows, type LedgerProjectionSpec } from './ledger-projection-spec';

const accountEvents: TableSpec = {
  name: 'account_events',
  kind: 'appended',
  columns: [
    { name: 'billing_account_id', type: 'text' },
    { name: 'global_position', type: 'bigint' },
  ],
  key: ['billing_account_id', 'global_position'],
  readByIndexOnly: true,
};

interface AccountIndexState {
  rows: unknown[][];
}

/**
 * Which events name which billing account: the index an as-of replay of one account reads to
 * fetch just that account's events from the log (by primary key) instead of scanning it. It holds
 * positions only, never figures, so a replay still computes everything from the events.
 */
export const accountIndexLedgerProjection: LedgerProjectionSpec<AccountIndexState> = {
  name: 'account_index',
  description: "Index of each billing account's events in the log, for point-in-time replays",
  tables: [accountEvents],
  initial: () => ({ rows: [] }),
  foldInto(state, events) {
    for (const event of events) {
      const billingAccountId = billingAccountOf(event);
      if (billingAccountId !== null) state.rows.push([billingAccountId, event.globalPosition]);
    }
  },
  load: async () => ({ rows: [] }),
  drainAppended(state) {
    const rows = state.rows;
    state.rows = [];
    return tableRows([['account_events', rows]]);
  },
  keyedRows: () => tableRows([]),
};
