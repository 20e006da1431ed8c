import { streamCategory, type NewEvent, type RecordedEvent } from '../port/envelope';
import {
  CategoryNotOwned,
  DuplicateEventIdConflict,
  EventStoreError,
  StreamNotFound,
} from '../port/errors';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type PositionedEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type Subscription,
  type SubscriptionOptions,
} from '../port/event-store.port';
import { canonicalJson, contentHash } from '../integrity/canonical-json';
import { assertStorable } from '../port/storable';
import { matchesFilter, checkExpectation, readStreamWindow, boundedMaxCount } from '../port-rules';
import { startCatchUpSubscription } from '../subscription/catch-up.subscription';
import type { WakeSignal } from '../subscription/wake-signal';

export interface InMemoryEventStoreOptions {
  /** Category -> owning service. Categories not listed are claimed by their first appender. */
  categoryOwners?: Record<string, string>;
  /** Source of `recordedAt`; defaults to the wall clock (the store, not the domain, sets it). */
  now?: () => Date;
}

interface Stored {
  event: RecordedEvent;
  hash: string;
}

/** Unit-test adapter with the same semantics as the SQL stores (checked by the contract suite). */
export class InMemoryEventStore implements EventStore {
  private readonly log: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private readonly byId = new Map<string, Stored>();
  private readonly owners: Map<string, string>;
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly signals = new Set<WakeSignal>();
  private readonly now: () => Date;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.owners = new Map(Object.entries(options.categoryOwners ?? {}));
    this.now = options.now ?? (() => new Date());
  }

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.appendNow(streamId, events, options);
  }

  /** Synchronous, so nothing interleaves between its checks and its writes. */
  private appendNow(streamId: string, events: NewEvent[], options: AppendOptions): AppendResult {
    this.assertOpen();
    const stream = this.streams.get(streamId) ?? [];
    const ids = new Set<string>();
    for (const event of events) {
      if (ids.has(event.eventId)) throw new DuplicateEventIdConflict(event.eventId);
      ids.add(event.eventId);
    }
    for (const event of events)
      assertStorable(event, canonicalJson(event.data), canonicalJson(event.metadata));
    const retried = this.findRetry(streamId, events);
    if (retried) return retried;
    checkExpectation(streamId, options.expected, stream.length);
    if (events.length === 0) return { streamVersion: stream.length, globalPositions: [] };
    this.claimCategory(streamId, events[0]!.metadata.service);
    const recordedAt = this.now().toISOString();
    const positions: number[] = [];
    for (const event of events) {
      const recorded: RecordedEvent = {
        ...structuredClone(event),
        streamId,
        streamVersion: stream.length + 1,
        globalPosition: this.log.length + 1,
        recordedAt,
      };
      const stored = { event: recorded, hash: contentHash(event) };
      stream.push(stored);
      this.log.push(stored);
      this.byId.set(event.eventId, stored);
      positions.push(recorded.globalPosition);
    }
    this.streams.set(streamId, stream);
    for (const signal of this.signals) signal.notify();
    return { streamVersion: stream.length, globalPositions: positions };
  }

  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (new Set(appends.map((a) => a.streamId)).size !== appends.length)
      throw new EventStoreError('appendToStreams: each stream at most once');
    const service = appends.find((a) => a.events.length > 0)?.events[0]?.metadata.service;
    // Everything that can refuse runs before anything is stored: all or none.
    const plan = appends.map((append) => {
      const stream = this.streams.get(append.streamId) ?? [];
      const ids = new Set<string>();
      for (const event of append.events) {
        if (ids.has(event.eventId)) throw new DuplicateEventIdConflict(event.eventId);
        ids.add(event.eventId);
        if (event.metadata.service !== service)
          throw new EventStoreError(
            `One append comes from one service, got ${service} and ${event.metadata.service}`,
          );
        assertStorable(event, canonicalJson(event.data), canonicalJson(event.metadata));
      }
      const retried = this.findRetry(append.streamId, append.events);
      if (retried) return { append, retried };
      checkExpectation(append.streamId, append.expected, stream.length);
      const owner = this.owners.get(streamCategory(append.streamId));
      if (append.events.length > 0 && owner !== undefined && owner !== service)
        throw new CategoryNotOwned(streamCategory(append.streamId), service ?? '');
      return { append, retried: undefined };
    });
    const results: AppendResult[] = [];
    for (const { append, retried } of plan)
      results.push(retried ?? this.appendNow(append.streamId, append.events, append));
    return results;
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const stored = this.streams.get(streamId);
    if (!stored && options.mustExist) throw new StreamNotFound(streamId);
    const stream = (stored ?? []).map((s) => s.event);
    for (const event of readStreamWindow(stream, options)) yield structuredClone(event);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<PositionedEvent> {
    this.assertOpen();
    for (const item of this.page(
      options.after ?? START,
      options.filter,
      boundedMaxCount(options.maxCount),
    )) {
      yield item;
    }
  }

  subscribe(options: SubscriptionOptions): Subscription {
    this.assertOpen();
    return startCatchUpSubscription(
      {
        readPage: async (after, filter, maxCount) => this.page(after, filter, maxCount),
        loadCheckpoint: async (id) => this.checkpoints.get(id) ?? START,
        saveCheckpoint: async (id, expected, next) => {
          if ((this.checkpoints.get(id) ?? START) !== expected) {
            throw new Error(`Checkpoint of ${id} moved concurrently`);
          }
          this.checkpoints.set(id, next);
        },
        watch: (signal) => {
          this.signals.add(signal);
          return () => this.signals.delete(signal);
        },
      },
      options,
      { idlePollMs: 1_000, notifiedRetryMs: 10, notifiedRetryCountMax: 0 },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private page(
    after: Checkpoint,
    filter: ReadAllOptions['filter'],
    maxCount: number,
  ): PositionedEvent[] {
    const start = after === START ? 0 : Number(after);
    const page: PositionedEvent[] = [];
    for (let i = start; i < this.log.length && page.length < maxCount; i++) {
      const event = this.log[i]!.event;
      if (!matchesFilter(event, filter)) continue;
      page.push({ event: structuredClone(event), checkpoint: String(event.globalPosition) });
    }
    return page;
  }

  /** A batch whose ids are all stored, same content, same stream, in order: the original result. */
  private findRetry(streamId: string, events: NewEvent[]): AppendResult | undefined {
    const found = events.map((e) => this.byId.get(e.eventId));
    if (found.every((f) => f === undefined)) return undefined;
    const consistent = found.every(
      (stored, i) =>
        stored !== undefined &&
        stored.event.streamId === streamId &&
        stored.hash === contentHash(events[i]!) &&
        (i === 0 || stored.event.streamVersion === found[i - 1]!.event.streamVersion + 1),
    );
    if (!consistent) {
      const conflicting = events.find((e, i) => found[i] !== undefined) ?? events[0]!;
      throw new DuplicateEventIdConflict(conflicting.eventId);
    }
    const last = found[found.length - 1]!.event;
    return {
      streamVersion: last.streamVersion,
      globalPositions: found.map((f) => f!.event.globalPosition),
    };
  }

  private claimCategory(streamId: string, service: string): void {
    const category = streamCategory(streamId);
    const owner = this.owners.get(category);
    if (owner === undefined) this.owners.set(category, service);
    else if (owner !== service) throw new CategoryNotOwned(category, service);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Event store is closed');
  }
}

export function createInMemoryEventStore(
  options: InMemoryEventStoreOptions = {},
): InMemoryEventStore {
  return new InMemoryEventStore(options);
}
