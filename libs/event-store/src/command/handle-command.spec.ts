import type { Decider } from '@billing/kernel';
import { DomainError } from '@billing/kernel';
import { createInMemoryEventStore } from '../memory/in-memory-event-store';
import { collect } from '../../testing/event-store.contract';
import { handleCommand, loadAggregate, type CommandContext } from './handle-command';

// A counter with a cap: small enough to read, stateful enough to show conflicts and retries.
type CounterEvent = { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'Increment'; by: number };
const cap = 10;
const counter: Decider<number, CounterCommand, CounterEvent> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) => {
    if (state + command.by > cap) throw new DomainError('CAP_REACHED', `cap is ${cap}`, 'conflict');
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
};

function context(idempotencyKey: string): CommandContext {
  return {
    idempotencyKey,
    occurredAt: '2026-11-23T10:00:00.000Z',
    metadata: {
      correlationId: 'c-1',
      causationId: null,
      actor: { id: 'u-1', roles: ['billing-clerk'] },
      service: 'test',
    },
  };
}

describe('handleCommand', () => {
  it('appends the decided events with ids derived from the idempotency key', async () => {
    const store = createInMemoryEventStore();
    const result = await handleCommand(
      store,
      counter,
      'counter-1',
      { type: 'Increment', by: 3 },
      context('k1'),
    );
    expect(result).toMatchObject({ state: 3, streamVersion: 1 });
    const [event] = await collect(store.readStream('counter-1'));
    expect(event).toMatchObject({
      type: 'Incremented',
      data: { by: 3 },
      metadata: { idempotencyKey: 'k1' },
    });

    const again = createInMemoryEventStore();
    await handleCommand(again, counter, 'counter-1', { type: 'Increment', by: 3 }, context('k1'));
    const [same] = await collect(again.readStream('counter-1'));
    expect(same?.eventId).toBe(event?.eventId);
  });

  it('decides again on the new state when a concurrent writer wins, so invariants hold under races', async () => {
    const store = createInMemoryEventStore();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        handleCommand(
          store,
          counter,
          'counter-2',
          { type: 'Increment', by: 2 },
          context(`race-${i}`),
          {
            retryCountMax: 10,
          },
        ),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(5);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof DomainError)).toBe(
      true,
    );
    expect((await loadAggregate(store, counter, 'counter-2')).state).toBe(10);
  });

  it('answers a retried key with its earlier effect even when the state moved on since', async () => {
    // "Top up to the cap" decides from the state: a redelivered cause that sees the other
    // writer's increment would decide a different amount under the same event ids.
    const store = createInMemoryEventStore();
    const topUp = (state: number): CounterCommand => ({ type: 'Increment', by: cap - state });
    const first = await handleCommand(store, counter, 'counter-4', topUp, context('cause-1'));
    expect(first.state).toBe(10);
    // The same cause again, after another writer moved the stream down-cap: one effect only.
    await store.appendToStream(
      'counter-4',
      [
        {
          eventId: '00000000-0000-4000-8000-000000000004',
          type: 'Incremented',
          schemaVersion: 1,
          data: { by: -6 },
          metadata: context('other').metadata,
          occurredAt: '2026-11-23T10:00:00.000Z',
        },
      ],
      { expected: 1 },
    );
    const again = await handleCommand(store, counter, 'counter-4', topUp, context('cause-1'));
    expect(again.events).toEqual([{ type: 'Incremented', data: { by: 10 } }]);
    expect(again).toMatchObject({ state: 4, streamVersion: 2 });
    expect(await collect(store.readStream('counter-4'))).toHaveLength(2);
  });

  it('appends nothing when the decider refuses', async () => {
    const store = createInMemoryEventStore();
    await expect(
      handleCommand(store, counter, 'counter-3', { type: 'Increment', by: 11 }, context('k3')),
    ).rejects.toThrow(DomainError);
    expect(await collect(store.readStream('counter-3'))).toEqual([]);
  });
});
