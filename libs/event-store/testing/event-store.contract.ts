import { randomBytes, randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../src/port/envelope';
import {
  CategoryNotOwned,
  DuplicateEventIdConflict,
  StreamNotFound,
  UnstorableEvent,
  WrongExpectedVersion,
} from '../src/port/errors';
import { START, type EventStore, type PositionedEvent } from '../src/port/event-store.port';

export type EventStoreFactory = () => Promise<EventStore>;

export interface ContractOptions {
  /** Where the adapter cannot enforce category ownership (KurrentDB), the test is replaced by a note. */
  enforcesCategoryOwnership?: boolean;
  /**
   * Whether event ids are unique forever (retries recognised, re-used ids refused). KurrentDB only
   * de-duplicates within its id cache, so those tests are replaced by a note there.
   */
  durableIdempotency?: boolean;
  /** Whether appendToStreams is offered (KurrentDB's adapter refuses it; see there). */
  appendsToStreams?: boolean;
}

const contractService = 'contract-tests';

/** A category no other test uses, so tests can share one store. */
export function freshCategory(): string {
  return `c${randomBytes(6).toString('hex')}`;
}

export function newEvent(
  type = 'ThingHappened',
  data: unknown = { n: 1 },
  overrides: Partial<NewEvent> = {},
): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'user-1', roles: ['clerk'] },
      service: contractService,
    },
    occurredAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Waits until everything committed so far is visible to catch-up reads. Stores with a safe global
 * order (the SQL ones) show a commit to readAll only once every older transaction on the server
 * has ended, which other sessions can delay for a moment.
 */
async function settled(store: EventStore, categories: string[]): Promise<void> {
  const subscription = store.subscribe({
    subscriptionId: `settle-${randomUUID()}`,
    filter: { categories },
    batchSizeMax: 1_000,
    handle: async () => undefined,
  });
  await subscription.caughtUp();
  await subscription.stop();
}

async function expectRejects<E extends Error>(
  work: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`Expected ${type.name}, but the call succeeded`);
}

/**
 * The behaviour every adapter must show. Reading a stream that does not exist yields nothing (it
 * does not throw StreamNotFound): callers fold an empty history into the initial state, and
 * `no_stream` / `stream_exists` expectations carry the existence check into appends.
 */
export function runEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  contract: ContractOptions = {},
): void {
  const enforcesOwnership = contract.enforcesCategoryOwnership ?? true;
  const durableIdempotency = contract.durableIdempotency ?? true;
  const appendsToStreams = contract.appendsToStreams ?? true;

  describe(`EventStore contract: ${name}`, () => {
    jest.setTimeout(30_000);
    let store: EventStore;
    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await store?.close();
    });

    const stream = (category = freshCategory()): string => `${category}-${randomUUID()}`;

    describe('appending with expectations', () => {
      it('creates a stream with no_stream and numbers its events from 1', async () => {
        const id = stream();
        const result = await store.appendToStream(id, [newEvent(), newEvent()], {
          expected: 'no_stream',
        });
        expect(result.streamVersion).toBe(2);
        expect(result.globalPositions).toHaveLength(2);
        expect(result.globalPositions[1]!).toBeGreaterThan(result.globalPositions[0]!);
        const read = await collect(store.readStream(id));
        expect(read.map((e) => e.streamVersion)).toEqual([1, 2]);
      });

      it('refuses no_stream when the stream exists, naming its version', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expected: 'no_stream' });
        const error = await expectRejects(
          store.appendToStream(id, [newEvent()], { expected: 'no_stream' }),
          WrongExpectedVersion,
        );
        expect(error.actual).toBe(1);
        expect(error.streamId).toBe(id);
      });

      it('accepts any on a new and on an existing stream', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expected: 'any' });
        const result = await store.appendToStream(id, [newEvent()], { expected: 'any' });
        expect(result.streamVersion).toBe(2);
      });

      it('requires an existing stream for stream_exists', async () => {
        const id = stream();
        const error = await expectRejects(
          store.appendToStream(id, [newEvent()], { expected: 'stream_exists' }),
          WrongExpectedVersion,
        );
        expect(error.actual).toBe(0);
        await store.appendToStream(id, [newEvent()], { expected: 'no_stream' });
        expect(
          (await store.appendToStream(id, [newEvent()], { expected: 'stream_exists' }))
            .streamVersion,
        ).toBe(2);
      });

      it('appends at the exact version and refuses a stale one with the actual version', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent(), newEvent()], { expected: 'no_stream' });
        expect((await store.appendToStream(id, [newEvent()], { expected: 2 })).streamVersion).toBe(
          3,
        );
        const error = await expectRejects(
          store.appendToStream(id, [newEvent()], { expected: 2 }),
          WrongExpectedVersion,
        );
        expect(error.actual).toBe(3);
        expect(error.expected).toBe(2);
        expect(await collect(store.readStream(id))).toHaveLength(3);
      });

      it('refuses an exact version on a missing stream with actual 0', async () => {
        const error = await expectRejects(
          store.appendToStream(stream(), [newEvent()], { expected: 1 }),
          WrongExpectedVersion,
        );
        expect(error.actual).toBe(0);
      });
    });

    describe('reading a stream', () => {
      it('reads forward, backward, from a version and at most maxCount', async () => {
        const id = stream();
        await store.appendToStream(
          id,
          [1, 2, 3, 4, 5].map((n) => newEvent('Counted', { n })),
          { expected: 'no_stream' },
        );
        const versions = async (
          options: Parameters<EventStore['readStream']>[1],
        ): Promise<number[]> =>
          (await collect(store.readStream(id, options))).map((e) => e.streamVersion);
        expect(await versions({})).toEqual([1, 2, 3, 4, 5]);
        expect(await versions({ direction: 'backward' })).toEqual([5, 4, 3, 2, 1]);
        expect(await versions({ from: 3 })).toEqual([3, 4, 5]);
        expect(await versions({ from: 3, direction: 'backward' })).toEqual([3, 2, 1]);
        expect(await versions({ from: 2, maxCount: 2 })).toEqual([2, 3]);
        expect(await versions({ direction: 'backward', maxCount: 2 })).toEqual([5, 4]);
      });

      it('yields nothing for a stream that does not exist', async () => {
        expect(await collect(store.readStream(stream()))).toEqual([]);
      });

      it('throws StreamNotFound for a missing stream only when asked to', async () => {
        const missing = stream();
        const error = await expectRejects(
          collect(store.readStream(missing, { mustExist: true })),
          StreamNotFound,
        );
        expect(error.streamId).toBe(missing);

        const id = stream();
        await store.appendToStream(id, [newEvent('Counted', { n: 1 })], { expected: 'no_stream' });
        expect(await collect(store.readStream(id, { mustExist: true }))).toHaveLength(1);
        // A window past the end of a stream that exists is empty, not missing.
        expect(await collect(store.readStream(id, { from: 5, mustExist: true }))).toEqual([]);
      });

      it('round-trips every envelope field exactly and sets recordedAt', async () => {
        const id = stream();
        const before = Date.now();
        const event = newEvent(
          'InvoiceIssued',
          { amount: '1234.5600', lines: [{ sku: 'A', qty: '2' }], nested: { z: true, a: null } },
          {
            schemaVersion: 3,
            occurredAt: '2026-01-31T23:59:59.123+01:00',
            metadata: {
              correlationId: randomUUID(),
              causationId: randomUUID(),
              actor: { id: 'svc-robot', roles: ['system', 'billing'] },
              service: contractService,
              idempotencyKey: 'key-42',
            },
          },
        );
        const { globalPositions } = await store.appendToStream(id, [event], {
          expected: 'no_stream',
        });
        const [read] = await collect(store.readStream(id));
        const { recordedAt, streamId, streamVersion, globalPosition, ...rest } = read!;
        expect(rest).toEqual(event);
        expect(streamId).toBe(id);
        expect(streamVersion).toBe(1);
        expect(globalPosition).toBe(globalPositions[0]);
        expect(new Date(recordedAt).toISOString()).toBe(recordedAt);
        expect(Date.parse(recordedAt)).toBeGreaterThanOrEqual(before - 60_000);
        expect(Date.parse(recordedAt)).toBeLessThanOrEqual(Date.now() + 60_000);
      });
    });

    describe('reading all', () => {
      it('reads after a checkpoint, filtered by category and type, at most maxCount', async () => {
        const category = freshCategory();
        const a = stream(category);
        const b = stream(category);
        await store.appendToStream(a, [newEvent('Opened'), newEvent('Noted')], {
          expected: 'no_stream',
        });
        await store.appendToStream(stream(), [newEvent('Opened')], { expected: 'no_stream' });
        await store.appendToStream(b, [newEvent('Opened'), newEvent('Closed')], {
          expected: 'no_stream',
        });
        await settled(store, [category]);

        const all = await collect(store.readAll({ filter: { categories: [category] } }));
        expect(
          all.map((p) => `${p.event.streamId === a ? 'a' : 'b'}${p.event.streamVersion}`),
        ).toEqual(['a1', 'a2', 'b1', 'b2']);

        const after = await collect(
          store.readAll({ after: all[1]!.checkpoint, filter: { categories: [category] } }),
        );
        expect(after.map((p) => p.event.eventId)).toEqual(all.slice(2).map((p) => p.event.eventId));

        const opened = await collect(
          store.readAll({ filter: { categories: [category], types: ['Opened'] } }),
        );
        expect(opened.map((p) => p.event.streamId)).toEqual([a, b]);

        const limited = await collect(
          store.readAll({ filter: { categories: [category] }, maxCount: 3 }),
        );
        expect(limited).toHaveLength(3);
        const resumed = await collect(
          store.readAll({ after: limited[2]!.checkpoint, filter: { categories: [category] } }),
        );
        expect(resumed.map((p) => p.event.eventId)).toEqual([all[3]!.event.eventId]);
      });

      it('starts at START with the earliest events', async () => {
        const first = await collect(store.readAll({ after: START, maxCount: 1 }));
        expect(first).toHaveLength(1);
      });
    });

    describe('idempotency by event id', () => {
      it('returns the original result for a retried batch and stores nothing new', async () => {
        const id = stream();
        const batch = [newEvent(), newEvent()];
        const first = await store.appendToStream(id, batch, { expected: 'no_stream' });
        if (!durableIdempotency) return;
        const retry = await store.appendToStream(id, batch, { expected: 'no_stream' });
        expect(retry).toEqual(first);
        await store.appendToStream(id, [newEvent()], { expected: 2 });
        expect(await store.appendToStream(id, batch, { expected: 'any' })).toEqual(first);
        expect(await collect(store.readStream(id))).toHaveLength(3);
      });

      it('refuses the same id with different content', async () => {
        if (!durableIdempotency) return;
        const id = stream();
        const event = newEvent('Noted', { n: 1 });
        await store.appendToStream(id, [event], { expected: 'no_stream' });
        const error = await expectRejects(
          store.appendToStream(id, [{ ...event, data: { n: 2 } }], { expected: 'any' }),
          DuplicateEventIdConflict,
        );
        expect(error.eventId).toBe(event.eventId);
        expect(await collect(store.readStream(id))).toHaveLength(1);
      });

      it('refuses the same id in another stream', async () => {
        if (!durableIdempotency) return;
        const event = newEvent();
        await store.appendToStream(stream(), [event], { expected: 'no_stream' });
        await expectRejects(
          store.appendToStream(stream(), [event], { expected: 'any' }),
          DuplicateEventIdConflict,
        );
      });

      it('refuses a batch that repeats an event id and stores none of it', async () => {
        if (!durableIdempotency) return;
        const id = stream();
        const event = newEvent();
        const error = await expectRejects(
          store.appendToStream(id, [event, { ...event }], { expected: 'no_stream' }),
          DuplicateEventIdConflict,
        );
        expect(error.eventId).toBe(event.eventId);
        expect(await collect(store.readStream(id))).toEqual([]);
      });
    });

    describe('text the database could not store or read back', () => {
      const unstorable: Array<[string, unknown, string]> = [
        ['a NUL in a value', { memo: 'a\u0000b' }, 'data.memo'],
        [
          'a NUL deep in a list',
          { lines: [{ description: 'ok' }, { description: '\u0000' }] },
          'data.lines[1].description',
        ],
        ['a lone high surrogate', { reason: 'x\ud800y' }, 'data.reason'],
        ['a lone low surrogate at the end', { reason: 'x\udc00' }, 'data.reason'],
        ['a NUL in a key', { ['k\u0000']: 1 }, 'data'],
      ];
      it.each(unstorable)('refuses %s before writing, naming where', async (_name, data, path) => {
        const id = stream();
        const good = newEvent();
        const bad = newEvent('ThingHappened', data);
        const error = await expectRejects(
          store.appendToStream(id, [good, bad], { expected: 'no_stream' }),
          UnstorableEvent,
        );
        expect(error.path).toBe(path);
        expect(error.eventId).toBe(bad.eventId);
        expect(await collect(store.readStream(id))).toEqual([]);
        // The stream is untouched: the good event alone appends as if nothing had happened.
        expect(
          (await store.appendToStream(id, [good], { expected: 'no_stream' })).streamVersion,
        ).toBe(1);
      });

      it('refuses a NUL in metadata', async () => {
        const bad = newEvent();
        bad.metadata = { ...bad.metadata, actor: { id: 'user\u0000', roles: [] } };
        const error = await expectRejects(
          store.appendToStream(stream(), [bad], { expected: 'no_stream' }),
          UnstorableEvent,
        );
        expect(error.path).toBe('metadata.actor.id');
      });

      it('stores and gives back what only looks like an escape, emoji and other controls', async () => {
        const id = stream();
        const data = { text: 'back\\u0000slash \\ud800 😀 \t\n\u0001 é', 'key 😀': '\\u0000' };
        await store.appendToStream(id, [newEvent('ThingHappened', data)], {
          expected: 'no_stream',
        });
        const [read] = await collect(store.readStream(id));
        expect(read!.data).toEqual(data);
      });
    });

    describe('appending to several streams at once', () => {
      it('stores every batch, each at its version, and answers per stream in order', async () => {
        if (!appendsToStreams) return;
        const [a, b] = [stream(), stream()];
        await store.appendToStream(b, [newEvent()], { expected: 'no_stream' });
        const results = await store.appendToStreams([
          { streamId: a, events: [newEvent(), newEvent()], expected: 'no_stream' },
          { streamId: b, events: [newEvent()], expected: 1 },
        ]);
        expect(results.map((r) => r.streamVersion)).toEqual([2, 2]);
        expect(results[0]!.globalPositions).toHaveLength(2);
        expect(await collect(store.readStream(a))).toHaveLength(2);
        expect(await collect(store.readStream(b))).toHaveLength(2);
      });

      it('stores nothing when one expectation fails, naming that stream', async () => {
        if (!appendsToStreams) return;
        const [a, b] = [stream(), stream()];
        await store.appendToStream(b, [newEvent()], { expected: 'no_stream' });
        const error = await expectRejects(
          store.appendToStreams([
            { streamId: a, events: [newEvent()], expected: 'no_stream' },
            { streamId: b, events: [newEvent()], expected: 'no_stream' },
          ]),
          WrongExpectedVersion,
        );
        expect(error.streamId).toBe(b);
        expect(error.actual).toBe(1);
        expect(await collect(store.readStream(a))).toEqual([]);
      });

      it('stores nothing when one batch holds text it could not store', async () => {
        if (!appendsToStreams) return;
        const [a, b] = [stream(), stream()];
        await expectRejects(
          store.appendToStreams([
            { streamId: a, events: [newEvent()], expected: 'no_stream' },
            {
              streamId: b,
              events: [newEvent('ThingHappened', { memo: '\u0000' })],
              expected: 'no_stream',
            },
          ]),
          UnstorableEvent,
        );
        expect(await collect(store.readStream(a))).toEqual([]);
        expect(await collect(store.readStream(b))).toEqual([]);
      });

      it('answers a retried call with the original results and stores nothing new', async () => {
        if (!appendsToStreams || !durableIdempotency) return;
        const appends = [
          { streamId: stream(), events: [newEvent()], expected: 'no_stream' as const },
          { streamId: stream(), events: [newEvent(), newEvent()], expected: 'no_stream' as const },
        ];
        const first = await store.appendToStreams(appends);
        expect(await store.appendToStreams(appends)).toEqual(first);
        expect(await collect(store.readStream(appends[1]!.streamId))).toHaveLength(2);
      });

      it('keeps every stream whole under racing multi-stream appends', async () => {
        if (!appendsToStreams) return;
        const [a, b] = [stream(), stream()];
        // Opposite orders in the call: the store must not deadlock, and every append either
        // lands in both streams or in neither.
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            store.appendToStreams(
              (i % 2 === 0 ? [a, b] : [b, a]).map((streamId) => ({
                streamId,
                events: [newEvent('ThingHappened', { i })],
                expected: 'any' as const,
              })),
            ),
          ),
        );
        expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
        const [readA, readB] = [
          await collect(store.readStream(a)),
          await collect(store.readStream(b)),
        ];
        expect(readA).toHaveLength(6);
        expect(readA.map((e) => e.data)).toEqual(readB.map((e) => e.data));
      });
    });

    describe('category ownership', () => {
      it('lets only the owning service append to a category', async () => {
        if (!enforcesOwnership) return;
        const category = freshCategory();
        await store.appendToStream(stream(category), [newEvent()], { expected: 'no_stream' });
        const foreign = newEvent();
        foreign.metadata = { ...foreign.metadata, service: 'another-service' };
        const error = await expectRejects(
          store.appendToStream(stream(category), [foreign], { expected: 'no_stream' }),
          CategoryNotOwned,
        );
        expect(error.category).toBe(category);
        expect(error.service).toBe('another-service');
      });
    });

    describe('subscriptions', () => {
      it('catches up, follows live appends, and reports caughtUp', async () => {
        const category = freshCategory();
        const id = stream(category);
        await store.appendToStream(id, [newEvent(), newEvent()], { expected: 'no_stream' });
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({
          subscriptionId: `sub-${category}`,
          filter: { categories: [category] },
          handle: async (events) => {
            seen.push(...events);
          },
        });
        await subscription.caughtUp();
        expect(seen.map((e) => e.streamVersion)).toEqual([1, 2]);
        await store.appendToStream(id, [newEvent()], { expected: 2 });
        await store.appendToStream(stream(category), [newEvent()], { expected: 'no_stream' });
        await subscription.caughtUp();
        expect(seen).toHaveLength(4);
        expect(seen[2]!.streamVersion).toBe(3);
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('resumes from its stored checkpoint after stop', async () => {
        const category = freshCategory();
        const id = stream(category);
        await store.appendToStream(id, [newEvent(), newEvent()], { expected: 'no_stream' });
        const seen: string[] = [];
        const options = {
          subscriptionId: `sub-${category}`,
          filter: { categories: [category] },
          batchSizeMax: 1,
          handle: async (events: RecordedEvent[]) => {
            seen.push(...events.map((e) => e.eventId));
          },
        };
        const first = store.subscribe(options);
        await first.caughtUp();
        await first.stop();
        const later = [newEvent(), newEvent()];
        await store.appendToStream(id, later, { expected: 2 });
        const second = store.subscribe(options);
        await second.caughtUp();
        await second.stop();
        expect(seen).toHaveLength(4);
        expect(seen.slice(2)).toEqual(later.map((e) => e.eventId));
      });

      it('starts from loadCheckpoint when the handler keeps its own checkpoint', async () => {
        const category = freshCategory();
        const id = stream(category);
        await store.appendToStream(id, [newEvent(), newEvent(), newEvent()], {
          expected: 'no_stream',
        });
        await settled(store, [category]);
        const all: PositionedEvent[] = await collect(
          store.readAll({ filter: { categories: [category] } }),
        );
        const seen: number[] = [];
        let saved = '';
        const subscription = store.subscribe({
          subscriptionId: `own-${category}`,
          filter: { categories: [category] },
          loadCheckpoint: async () => all[0]!.checkpoint,
          handle: async (events, checkpoint) => {
            seen.push(...events.map((e) => e.streamVersion));
            saved = checkpoint;
          },
        });
        await subscription.caughtUp();
        await subscription.stop();
        expect(seen).toEqual([2, 3]);
        expect(saved).toBe(all[2]!.checkpoint);
      });

      it('stops with the handler error in done', async () => {
        const category = freshCategory();
        await store.appendToStream(stream(category), [newEvent()], { expected: 'no_stream' });
        const subscription = store.subscribe({
          subscriptionId: `fail-${category}`,
          filter: { categories: [category] },
          handle: async () => {
            throw new Error('projection broke');
          },
        });
        await expect(subscription.done).rejects.toThrow('projection broke');
      });
    });
  });
}
