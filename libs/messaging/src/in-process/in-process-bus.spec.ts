import type { RecordedEvent } from '@billing/event-store';
import { FollowerRegistry } from '../followers/follower-registry';
import { silentLogger } from '../logger';
import { createInProcessBus, type DeadLetter } from './in-process-bus';

function event(n: number): RecordedEvent {
  return {
    eventId: `e-${n}`,
    type: 'PaymentReceived',
    schemaVersion: 1,
    data: { billingAccountId: 'ba-1', amount: `${n}.00` },
    metadata: {
      correlationId: 'c',
      causationId: null,
      actor: { id: 'a', roles: [] },
      service: 'payments',
    },
    occurredAt: '2026-11-23T00:00:00.000Z',
    streamId: 'payment-1',
    streamVersion: n,
    globalPosition: n,
    recordedAt: '2026-11-23T00:00:00.000Z',
  };
}

describe('in-process bus', () => {
  it('delivers events to every subscriber in publish order, also when publishes overlap', async () => {
    const bus = createInProcessBus({ logger: silentLogger });
    const seenA: string[] = [];
    const seenB: string[] = [];
    bus.subscribe({ groupId: 'a', handle: async (e) => void seenA.push(e.eventId) });
    bus.subscribe({
      groupId: 'b',
      handle: async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seenB.push(e.eventId);
      },
    });
    await Promise.all([bus.publish([event(1), event(2)]), bus.publish([event(3)])]);
    expect(seenA).toEqual(['e-1', 'e-2', 'e-3']);
    expect(seenB).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it('applies a republished event once per subscriber', async () => {
    const bus = createInProcessBus({ logger: silentLogger });
    const seen: string[] = [];
    bus.subscribe({ groupId: 'ledger', handle: async (e) => void seen.push(e.eventId) });
    await bus.publish([event(1), event(2)]);
    await bus.publish([event(2), event(3)]);
    expect(seen).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it('retries a failing handler, then dead-letters the event and goes on', async () => {
    const deadLetters: DeadLetter[] = [];
    const followers = new FollowerRegistry();
    const bus = createInProcessBus({
      logger: silentLogger,
      retryCountMax: 2,
      onDeadLetter: (d) => deadLetters.push(d),
      followers,
    });
    let attempts = 0;
    const seen: string[] = [];
    bus.subscribe({
      groupId: 'ledger',
      handle: async (e) => {
        if (e.eventId === 'e-1') {
          attempts += 1;
          throw new Error('account closed');
        }
        seen.push(e.eventId);
      },
    });
    await bus.publish([event(1), event(2)]);
    expect(attempts).toBe(3);
    expect(seen).toEqual(['e-2']);
    expect(deadLetters.map((d) => [d.groupId, d.event.eventId, d.reason])).toEqual([
      ['ledger', 'e-1', 'Error: account closed'],
    ]);
    // The operators' followers query shows the dead letter; the subscriber itself runs on.
    expect(await followers.list()).toEqual([
      expect.objectContaining({
        name: 'ledger',
        kind: 'consumer',
        state: 'running',
        position: '2',
        deadLetteredCount: 1,
        lastDeadLetter: expect.objectContaining({ errorCode: 'Error', eventId: 'e-1' }),
      }),
    ]);
  });

  it('refuses batches above the relay bound', async () => {
    const bus = createInProcessBus({ logger: silentLogger });
    await expect(bus.publish(Array.from({ length: 51 }, (_, i) => event(i + 1)))).rejects.toThrow(
      /exceeds 50/,
    );
  });
});
