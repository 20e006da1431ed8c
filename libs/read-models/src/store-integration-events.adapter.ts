import type { EventStore, SqlExecutor } from '@billing/event-store';
import type { IntegrationEventsFactory } from './integration-events.port';
import { startProjection, type RunningProjection } from './projection';
import type { TransactionRunner } from './transaction-runner.port';

export interface StoreIntegrationEventsOptions {
  /** Retries of a failed batch before the subscription is stuck (see startProjection). */
  restartCountMax?: number;
}

/**
 * The in-process bus: another service's events straight from the shared store's safe order, the
 * checkpoint committed with the handler's writes (one process, one database: embedded mode and
 * tests without Kafka). A failed batch rolls back and is retried from the checkpoint as
 * startProjection does: forever while the database is away, a bounded number of times when the
 * handler fails, then stuck and reported until an operator resumes it. There is no dead-letter
 * topic here, so nothing is skipped.
 */
export function storeIntegrationEvents(
  store: EventStore,
  tx: TransactionRunner,
  db: SqlExecutor,
  options: StoreIntegrationEventsOptions = {},
): IntegrationEventsFactory {
  return (subscription) => {
    let running: RunningProjection | undefined;
    return {
      async start() {
        running = startProjection(
          store,
          tx,
          db,
          {
            name: `bus.${subscription.name}`,
            filter: { categories: subscription.categories },
            apply: subscription.handle,
          },
          options.restartCountMax === undefined ? {} : { retryCountMax: options.restartCountMax },
        );
      },
      async stop() {
        await running?.stop();
      },
      caughtUp: () => running?.caughtUp() ?? Promise.resolve(),
    };
  };
}
