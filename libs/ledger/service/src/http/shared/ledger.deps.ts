import type { EventStore, SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import type { TransactionRunner } from '@billing/read-models';
import type { LedgerLogger } from '../../core/live/live-ledger-projections';

/**
 * What the ledger module is given by whoever mounts it (standalone main, embedded app, tests):
 * a subset of the platform's ServiceDeps, so those fit as they are.
 */
export interface LedgerDeps {
  store: EventStore;
  /** Reads of the read models and of the log (SELECT on event_store.events). */
  db: SqlExecutor;
  /** Transactions of the live projectors (PostgreSQL); autocommit on PGlite. */
  tx: TransactionRunner;
  logger?: LedgerLogger;
  upcasters?: UpcasterRegistry;
  /** Run the live projectors in this process (default true). */
  runProjections?: boolean;
}

export const LEDGER_DEPS = Symbol('LEDGER_DEPS');
