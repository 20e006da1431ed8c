import type { RecordedEvent } from '../port/envelope';
import { START, type Checkpoint, type PositionedEvent } from '../port/event-store.port';
import { startCatchUpSubscription, type CatchUpSource } from './catch-up.subscription';

function event(n: number): PositionedEvent {
  const recorded: RecordedEvent = {
    eventId: `e${n}`,
    type: 'Noted',
    schemaVersion: 1,
    data: { n },
    metadata: {
      correlationId: 'c',
      causationId: null,
      actor: { id: 'a', roles: [] },
      service: 's',
    },
    occurredAt: '2026-11-23T10:00:00.000Z',
    streamId: 'thing-1',
    streamVersion: n,
    globalPosition: n,
    recordedAt: '2026-11-23T10:00:00.000Z',
  };
  return { event: recorded, checkpoint: String(n) };
}

/** A log of `count` events and a checkpoint table whose saves the test releases one by one. */
function source(count: number) {
  const log = Array.from({ length: count }, (_, i) => event(i + 1));
  const stored: Checkpoint[] = [];
  const pendingSaves: Array<{ next: Checkpoint; release: (error?: Error) => void }> = [];
  const saveStarted: Array<() => void> = [];
  const cs: CatchUpSource = {
    readPage: async (after, _filter, maxCount) => {
      const from = after === START ? 0 : Number(after);
      return log.slice(from, from + maxCount);
    },
    loadCheckpoint: async () => START,
    saveCheckpoint: (_id, _expected, next) =>
      new Promise<void>((resolve, reject) => {
        pendingSaves.push({
          next,
          release: (error) => {
            if (error) reject(error);
            else {
              stored.push(next);
              resolve();
            }
          },
        });
        saveStarted.shift()?.();
      }),
    watch: () => () => undefined,
  };
  const nextSave = async (): Promise<{ next: Checkpoint; release: (error?: Error) => void }> => {
    if (pendingSaves.length === 0) await new Promise<void>((r) => saveStarted.push(r));
    return pendingSaves.shift()!;
  };
  return { source: cs, stored, nextSave };
}

describe('catch-up subscription checkpoints', () => {
  it('handles the next batch while the previous checkpoint is being stored', async () => {
    const { source: s, stored, nextSave } = source(4);
    const handled: number[] = [];
    const subscription = startCatchUpSubscription(s, {
      subscriptionId: 'sub',
      batchSizeMax: 2,
      handle: async (events) => {
        handled.push(...events.map((e) => e.streamVersion));
      },
    });
    const first = await nextSave();
    // The first save is still open, yet the second batch is already handled.
    const second = nextSave();
    await new Promise((r) => setImmediate(r));
    expect(handled).toEqual([1, 2, 3, 4]);
    expect(stored).toEqual([]);
    first.release();
    (await second).release();
    await subscription.stop();
    expect(stored).toEqual(['2', '4']);
  });

  it('reports caught up only once the last checkpoint is stored', async () => {
    const { source: s, stored, nextSave } = source(2);
    const subscription = startCatchUpSubscription(s, {
      subscriptionId: 'sub',
      batchSizeMax: 10,
      handle: async () => undefined,
    });
    let caughtUp = false;
    const waiting = subscription.caughtUp().then(() => {
      caughtUp = true;
    });
    const save = await nextSave();
    await new Promise((r) => setTimeout(r, 20));
    expect(caughtUp).toBe(false);
    save.release();
    await waiting;
    expect(stored).toEqual(['2']);
    await subscription.stop();
  });

  it('stops with the error of a failed checkpoint save', async () => {
    const { source: s, nextSave } = source(4);
    const subscription = startCatchUpSubscription(s, {
      subscriptionId: 'sub',
      batchSizeMax: 2,
      handle: async () => undefined,
    });
    (await nextSave()).release(new Error('checkpoint moved'));
    await expect(subscription.done).rejects.toThrow('checkpoint moved');
  });
});
