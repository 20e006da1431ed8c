import type { RecordedEvent, SqlExecutor } from '@billing/event-store';

/**
 * Another service's published events, delivered at least once, in per-account order. A handler
 * is called once per event id: the source records the id (inbox row or checkpoint) in the same
 * transaction as `db`, the handler's read-model writes.
 */
export type IntegrationEventHandler = (event: RecordedEvent, db: SqlExecutor) => Promise<void>;

export interface IntegrationEventSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Resolves once every event published to this source before the call has been handled: the
   * readiness signal that lets a test (or an operator) wait for a quiet system without sleeping.
   */
  caughtUp(): Promise<void>;
}

/** Which events a consumer wants and what it does with them. */
export interface IntegrationSubscription {
  /** Consumer group (Kafka) or checkpoint name (in-process). */
  name: string;
  /** Publishing contexts, e.g. `['payments']`. */
  contexts: Array<'invoicing' | 'payments' | 'collections' | 'disputes'>;
  /** Stream categories of those contexts (the in-process source filters the store by them). */
  categories: string[];
  handle: IntegrationEventHandler;
}

/** Builds a source for one subscription: Kafka in production, the store itself embedded. */
export type IntegrationEventsFactory = (
  subscription: IntegrationSubscription,
) => IntegrationEventSource;
