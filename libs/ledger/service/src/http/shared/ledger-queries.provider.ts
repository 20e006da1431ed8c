import { LedgerQueries } from '../../core/queries/ledger-queries';
import { LEDGER_DEPS, type LedgerDeps } from './ledger.deps';

/** The Nest-free queries, one instance per module. */
export const ledgerQueriesProvider = {
  provide: LedgerQueries,
  inject: [LEDGER_DEPS],
  useFactory: (deps: LedgerDeps) =>
    new LedgerQueries(deps.db, deps.upcasters ? { upcasters: deps.upcasters } : {}),
};
