import type { EventStore, SqlExecutor } from '@billing/event-store';
import type { IntegrationEventsFactory } from './integration-events.port';
import { startProjection, type RunningProjection } from './projection';
import type { TransactionRunner } from './transaction-runner.port';

/**
 * The in-process bus: another service's events straight from the shared store's safe order, the
 * checkpoint committed with the handler's writes (one process, one database: embedded mode and
 * tests without Kafka).
 */
export function storeIntegrationEvents(
  store: EventStore,
  tx: TransactionRunner,
  db: SqlExecutor,
): IntegrationEventsFactory {
  return (subscription) => {
    let running: RunningProjection | undefined;
    return {
      async start() {
        running = startProjection(store, tx, db, {
          name: `bus.${subscription.name}`,
          filter: { categories: subscription.categories },
          apply: subscription.handle,
        });
        running.done.catch(() => undefined);
      },
      async stop() {
        await running?.stop();
      },
    };
  };
}
