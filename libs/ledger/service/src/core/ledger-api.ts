import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import {
  accountBalances,
  auditTrailOf,
  invoicesOfAccount,
  journalProjection,
  trialBalance,
  type AccountBalance,
  type AsOf,
  type AuditEntry,
  type CustomerStatement,
  type InvoiceBalance,
  type TrialBalance,
} from '@billing/ledger-domain';
import { replayAccount, replayLog, type Replayed } from './as-of/replay';
import { accountStatementQuery } from '../http/accounts/queries/account-statement/account-statement.query';
import { LedgerQueryContext, type ComputedAt } from './queries/ledger-query-context';

/** What an auditor sees of one account at a moment: its timeline and its figures. */
export interface AccountReplay {
  billingAccountId: string;
  computedAt: { source: 'replay' } & Replayed;
  balances: AccountBalance[];
  invoices: InvoiceBalance[];
  /** Every event that touched the account, in the order folded, with who, when and why. */
  timeline: AuditEntry[];
}

/**
 * One account replayed from the log as of a global position or commit time (now if absent),
 * with the domain projections; the live read-model tables are not read. (Its journal entries as
 * of then: `LedgerQueries.journal({ billingAccountId, asOf })`.)
 */
export async function replayAccountAsOf(options: {
  db: SqlExecutor;
  billingAccountId: string;
  asOf?: AsOf;
  upcasters?: UpcasterRegistry;
}): Promise<AccountReplay> {
  const { state, replayed } = await replayAccount({
    ...options,
    parts: ['balances', 'timeline'],
  });
  return {
    billingAccountId: options.billingAccountId,
    computedAt: { source: 'replay', ...replayed },
    balances: accountBalances(state.balances, options.billingAccountId),
    invoices: invoicesOfAccount(state.balances, options.billingAccountId),
    timeline: auditTrailOf(state.auditTrail, options.billingAccountId),
  };
}

/** The trial balance per currency replayed from the log as of a moment (now if absent). */
export async function trialBalanceAsOf(options: {
  db: SqlExecutor;
  asOf?: AsOf;
  upcasters?: UpcasterRegistry;
}): Promise<{ currencies: TrialBalance[]; computedAt: { source: 'replay' } & Replayed }> {
  const replay = await replayLog({ ...options, parts: { journal: true } });
  return {
    currencies: trialBalance(replay.journal ?? journalProjection.initial()),
    computedAt: { source: 'replay', ...replay.replayed },
  };
}

/**
 * An account's customer statement for the business-date period [from, to]: from the live read
 * model, or replayed from the log when `asOf` is given.
 */
export async function statementFor(options: {
  db: SqlExecutor;
  billingAccountId: string;
  from: string;
  to: string;
  asOf?: AsOf;
  upcasters?: UpcasterRegistry;
}): Promise<CustomerStatement & { computedAt: ComputedAt }> {
  const ledger = new LedgerQueryContext(
    options.db,
    options.upcasters ? { upcasters: options.upcasters } : {},
  );
  return accountStatementQuery(ledger, options);
}
