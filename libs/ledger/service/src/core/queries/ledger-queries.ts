import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import type { AsOf } from '@billing/ledger-domain';
import {
  accountAuditTrailQuery,
  type AuditTrailParams,
} from '../../http/accounts/queries/account-audit-trail/account-audit-trail.query';
import { accountBalancesQuery } from '../../http/accounts/queries/account-balances/account-balances.query';
import {
  accountStatementQuery,
  type StatementParams,
} from '../../http/accounts/queries/account-statement/account-statement.query';
import { journalQuery, type JournalParams } from '../../http/journal/queries/journal/journal.query';
import { trialBalanceQuery } from '../../http/journal/queries/trial-balance/trial-balance.query';
import {
  billingMetricsQuery,
  type MetricsParams,
} from '../../http/metrics/queries/billing-metrics/billing-metrics.query';
import { paymentTrailQuery } from '../../http/payments/queries/payment-trail/payment-trail.query';
import { agingQuery, type AgingParams } from '../../http/receivables/queries/aging/aging.query';
import { listVersions, type ProjectionVersion } from '../registry/projection-registry';
import { LedgerQueryContext } from './ledger-query-context';

export { pageLimitMax, type ComputedAt, type Page } from './ledger-query-context';

/**
 * Every ledger query in one object, without Nest, for the CLI, scripts and tests. Each query, with
 * its SQL, lives in its HTTP slice (`<query>.query.ts`, Nest-free); the controllers call those
 * directly. Each takes an optional `asOf` (global position or commit time); with it, the answer
 * is replayed from the log.
 */
export class LedgerQueries {
  private readonly ledger: LedgerQueryContext;

  constructor(db: SqlExecutor, options: { upcasters?: UpcasterRegistry } = {}) {
    this.ledger = new LedgerQueryContext(db, options);
  }

  balances(billingAccountId: string, asOf?: AsOf) {
    return accountBalancesQuery(this.ledger, billingAccountId, asOf);
  }

  journal(params: JournalParams) {
    return journalQuery(this.ledger, params);
  }

  trialBalance(asOf?: AsOf) {
    return trialBalanceQuery(this.ledger, asOf);
  }

  aging(params: AgingParams) {
    return agingQuery(this.ledger, params);
  }

  statement(params: StatementParams) {
    return accountStatementQuery(this.ledger, params);
  }

  auditTrail(params: AuditTrailParams) {
    return accountAuditTrailQuery(this.ledger, params);
  }

  paymentTrail(paymentId: string, asOf?: AsOf) {
    return paymentTrailQuery(this.ledger, paymentId, asOf);
  }

  metrics(params: MetricsParams) {
    return billingMetricsQuery(this.ledger, params);
  }

  /** Every version of every projection: which is live, how far each has read. */
  projections(): Promise<ProjectionVersion[]> {
    return listVersions(this.ledger.db);
  }
}
