import { runEventStoreContract } from '../../testing/event-store.contract';
import { createKurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

if (connectionString) {
  runEventStoreContract('KurrentDB', async () => createKurrentDbEventStore({ connectionString }), {
    enforcesCategoryOwnership: false,
    durableIdempotency: false,
  });
} else {
  // Reported as skipped, by name, never as passed: there is no KurrentDB server on the build
  // machines (no Docker engine, no package), so the contract has not been shown to hold here.
  describe.skip('EventStore contract: KurrentDB (set EVENTSTORE_CONNECTION_STRING to run it)', () => {
    it('runs the event store contract against a KurrentDB server', () => undefined);
  });
}
