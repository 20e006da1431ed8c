import { runEventStoreContract } from '../contract/event-store.contract';
import { createKurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

if (connectionString) {
  runEventStoreContract('KurrentDB', async () => createKurrentDbEventStore({ connectionString }), {
    enforcesCategoryOwnership: false,
    durableIdempotency: false,
  });
} else {
  describe('EventStore contract: KurrentDB', () => {
    it('did not run: EVENTSTORE_CONNECTION_STRING is not set (no KurrentDB server on this machine)', () => {
      console.log(
        'KurrentDB contract suite did not run: set EVENTSTORE_CONNECTION_STRING to run it.',
      );
      expect(process.env['EVENTSTORE_CONNECTION_STRING']).toBeUndefined();
    });
  });
}
