import { randomUUID } from 'node:crypto';
import { createPgliteEventStore, type NewEvent } from '@billing/event-store';
import { createInProcessBus, createRelay, silentLogger } from '../src';

jest.setTimeout(60_000);

function paymentEvent(accountId: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'PaymentReceived',
    schemaVersion: 1,
    data: { billingAccountId: accountId, amount: '19.99' },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'tester', roles: [] },
      service: 'payments',
    },
    occurredAt: new Date(0).toISOString(),
  };
}

describe('embedded mode: relay from a PGlite event store into the in-process bus', () => {
  it('hands every event to each subscriber once, in store order, across a relay restart', async () => {
    const store = await createPgliteEventStore();
    const bus = createInProcessBus({ logger: silentLogger });
    const received: { eventId: string; streamId: string; streamVersion: number }[] = [];
    bus.subscribe({
      groupId: 'ledger',
      handle: async (e) =>
        void received.push({
          eventId: e.eventId,
          streamId: e.streamId,
          streamVersion: e.streamVersion,
        }),
    });
    const relayOptions = {
      store,
      publisher: bus,
      service: 'payments',
      topic: 'billing.payments.v1',
      categories: ['payment'],
      batchSizeMax: 7,
      logger: silentLogger,
    };
    const appended: string[] = [];
    const append = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const event = paymentEvent(`acct${i % 3}`);
        await store.appendToStream(`payment-acct${i % 3}`, [event], { expected: 'any' });
        appended.push(event.eventId);
      }
    };
    try {
      await append(30);
      const first = createRelay(relayOptions);
      await first.start();
      await first.caughtUp();
      await first.stop();

      await append(20);
      const second = createRelay(relayOptions); // resumes from the saved checkpoint
      await second.start();
      await second.caughtUp();
      await second.stop();

      expect(received.map((r) => r.eventId)).toEqual(appended);
      for (const streamId of ['payment-acct0', 'payment-acct1', 'payment-acct2']) {
        const versions = received
          .filter((r) => r.streamId === streamId)
          .map((r) => r.streamVersion);
        expect(versions).toEqual(versions.map((_, i) => i + 1));
      }
    } finally {
      await store.close();
    }
  });
});
