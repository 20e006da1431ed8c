import type { EventStore, SqlExecutor } from '@billing/event-store';
import type { Clock } from '@billing/kernel';
import type { IntegrationEventsFactory, TransactionRunner } from '@billing/read-models';
import type { PersonalDataKeyStore } from '@billing/personal-data';

/** What the invoicing module is given by whoever mounts it (standalone main, embedded app, tests). */
export interface InvoicingDeps {
  store: EventStore;
  /** Reads of the read models. */
  db: SqlExecutor;
  /** Transactions for projections and consumers. */
  tx: TransactionRunner;
  clock: Clock;
  /** Payments', collections' and disputes' events: Kafka in production, the shared store embedded. */
  integrationEvents: IntegrationEventsFactory;
  /** How long a command waits for its read model before answering (bounded; default 5 s). */
  readModelWaitMs?: number;
  /** Data keys of personal fields; an approved erasure destroys the account's key. */
  personalDataKeys?: PersonalDataKeyStore;
  /** The environment, for invoicing's own settings (the credit note approval threshold). */
  env?: Record<string, string | undefined>;
}

export const INVOICING_DEPS = Symbol('INVOICING_DEPS');
export const service = 'invoicing';
