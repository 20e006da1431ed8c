import { streamCategory, type SqlExecutor } from '@billing/event-store';
import type { InProcessBus } from '@billing/messaging';
import type { IntegrationEventsFactory } from './integration-events.port';

/**
 * Another service's events from @billing/messaging's in-process bus (fed by each service's relay
 * in the embedded run mode). The bus de-duplicates by event id per subscriber; handlers write with
 * `db` directly (the embedded database is one connection, see autocommitTransactionRunner).
 */
export function inProcessBusIntegrationEvents(
  bus: InProcessBus,
  db: SqlExecutor,
): IntegrationEventsFactory {
  return (subscription) => {
    let unsubscribe: (() => void) | undefined;
    return {
      async start() {
        unsubscribe = bus.subscribe({
          groupId: subscription.name,
          handle: async (event) => {
            if (subscription.categories.includes(streamCategory(event.streamId)))
              await subscription.handle(event, db);
          },
        });
      },
      async stop() {
        unsubscribe?.();
      },
      // The bus hands each event to every subscriber before the relay's publish resolves.
      caughtUp: () => Promise.resolve(),
    };
  };
}
