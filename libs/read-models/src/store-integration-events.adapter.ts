import type { EventStore, SqlExecutor } from '@billing/event-store';
import type { IntegrationEventsFactory } from './integration-events.port';
import { startProjection, type RunningProjection } from './projection';
import type { TransactionRunner } from './transaction-runner.port';

export interface StoreIntegrationEventsOptions {
  /** Restarts after a failed batch before the source gives up (each restart waits longer). */
  restartCountMax?: number;
  onError?: (subscriptionName: string, error: Error, restartCount: number) => void;
}

/**
 * The in-process bus: another service's events straight from the shared store's safe order, the
 * checkpoint committed with the handler's writes (one process, one database: embedded mode and
 * tests without Kafka). A failed batch rolls back and is retried from the checkpoint after a
 * growing pause, a bounded number of times.
 */
export function storeIntegrationEvents(
  store: EventStore,
  tx: TransactionRunner,
  db: SqlExecutor,
  options: StoreIntegrationEventsOptions = {},
): IntegrationEventsFactory {
  const restartCountMax = options.restartCountMax ?? 10;
  return (subscription) => {
    let running: RunningProjection | undefined;
    let stopped = false;
    const run = (restartCount: number): void => {
      running = startProjection(store, tx, db, {
        name: `bus.${subscription.name}`,
        filter: { categories: subscription.categories },
        apply: subscription.handle,
      });
      running.done.catch((error: Error) => {
        options.onError?.(subscription.name, error, restartCount);
        if (stopped || restartCount >= restartCountMax) return;
        setTimeout(
          () => {
            if (!stopped) run(restartCount + 1);
          },
          Math.min(100 * 2 ** restartCount, 5_000),
        ).unref();
      });
    };
    return {
      async start() {
        run(0);
      },
      async stop() {
        stopped = true;
        await running?.stop();
      },
      // A restart between two batches is not waited for: it resumes from the same checkpoint.
      caughtUp: () => running?.caughtUp() ?? Promise.resolve(),
    };
  };
}
