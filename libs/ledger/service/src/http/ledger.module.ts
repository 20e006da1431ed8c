import { Module, type Type } from '@nestjs/common';
import { AccountAccessLogHttpController } from './accounts/queries/account-access-log/account-access-log.http.controller';
import { AccountAgingHttpController } from './accounts/queries/account-aging/account-aging.http.controller';
import { AccountAuditTrailHttpController } from './accounts/queries/account-audit-trail/account-audit-trail.http.controller';
import { AccountBalancesHttpController } from './accounts/queries/account-balances/account-balances.http.controller';
import { AccountReplayHttpController } from './accounts/queries/account-replay/account-replay.http.controller';
import { AccountStatementHttpController } from './accounts/queries/account-statement/account-statement.http.controller';
import { AccountStatementPdfHttpController } from './accounts/queries/account-statement-pdf/account-statement-pdf.http.controller';
import { ChainEntriesHttpController } from './chain/queries/chain-entries/chain-entries.http.controller';
import { JournalHttpController } from './journal/queries/journal/journal.http.controller';
import { TrialBalanceHttpController } from './journal/queries/trial-balance/trial-balance.http.controller';
import { BillingMetricsHttpController } from './metrics/queries/billing-metrics/billing-metrics.http.controller';
import { PaymentTrailHttpController } from './payments/queries/payment-trail/payment-trail.http.controller';
import { ProjectionVersionsHttpController } from './projections/queries/projection-versions/projection-versions.http.controller';
import { AgingHttpController } from './receivables/queries/aging/aging.http.controller';
import { LedgerProjectionsRunner } from './shared/ledger-projections.runner';
import { ledgerQueriesProvider } from './shared/ledger-queries.provider';
import { LEDGER_DEPS, type LedgerDeps } from './shared/ledger.deps';

/**
 * The ledger service as one Nest module, mounted under `ledger` alone (main.ts) or beside the
 * other services (embedded mode): read-only queries over its projections, and the live projectors
 * that keep them up to date. A class per call, because RouterModule prefixes the controllers of
 * the mounted class itself.
 */
export function createLedgerModule(deps: LedgerDeps): Type<unknown> {
  @Module({
    controllers: [
      AccountBalancesHttpController,
      AccountAgingHttpController,
      AccountStatementHttpController,
      AccountStatementPdfHttpController,
      AccountAuditTrailHttpController,
      AccountReplayHttpController,
      AccountAccessLogHttpController,
      JournalHttpController,
      TrialBalanceHttpController,
      AgingHttpController,
      PaymentTrailHttpController,
      BillingMetricsHttpController,
      ProjectionVersionsHttpController,
      ChainEntriesHttpController,
    ],
    providers: [
      { provide: LEDGER_DEPS, useValue: deps },
      ledgerQueriesProvider,
      LedgerProjectionsRunner,
    ],
  })
  class LedgerModule {}
  return LedgerModule;
}
