import { LedgerQueryContext } from '../../core/queries/ledger-query-context';
import { LEDGER_DEPS, type LedgerDeps } from './ledger.deps';

/** What the query slices read from (the read-model database, the upcasters), one per module. */
export const ledgerQueriesProvider = {
  provide: LedgerQueryContext,
  inject: [LEDGER_DEPS],
  useFactory: (deps: LedgerDeps) =>
    new LedgerQueryContext(deps.db, deps.upcasters ? { upcasters: deps.upcasters } : {}),
};
