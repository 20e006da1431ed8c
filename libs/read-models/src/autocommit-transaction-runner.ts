import type { SqlExecutor } from '@billing/event-store';
import type { TransactionRunner } from './transaction-runner.port';

/**
 * For a single-connection embedded database (PGlite): the work runs statement by statement, with
 * no enclosing transaction, because a consumer's own commands go through that same connection
 * and would wait forever behind an open transaction. A crash between a projection's writes and its
 * checkpoint re-applies at most that one batch; the projections and consumers here are idempotent
 * (upserts, rows set from the event, commands deciding "nothing to do" on a retry), so the result
 * is the same. Production uses `pgTransactionRunner`.
 */
export function autocommitTransactionRunner(db: SqlExecutor): TransactionRunner {
  return { run: (work) => work(db) };
}
