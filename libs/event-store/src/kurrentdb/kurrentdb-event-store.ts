import {
  ANY,
  BACKWARDS,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START as KURRENT_START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendStreamState,
  type JSONEventType,
  type Position,
} from '@kurrent/kurrentdb-client';
import {
  streamCategory,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '../port/envelope';
import {
  CategoryNotOwned,
  EventStoreError,
  StreamNotFound,
  WrongExpectedVersion,
} from '../port/errors';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  type EventFilter,
  type EventStore,
  type ExpectedVersion,
  type PositionedEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type Subscription,
  type SubscriptionOptions,
} from '../port/event-store.port';
import { canonicalJson } from '../integrity/canonical-json';
import { assertStorable } from '../port/storable';
import { boundedMaxCount, encodeExpected, matchesFilter, readPageSize } from '../port-rules';
import { CheckpointConflict } from '../sql/checkpoints';
import { startCatchUpSubscription } from '../subscription/catch-up.subscription';
import type { WakeSignal } from '../subscription/wake-signal';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false`. */
  connectionString: string;
  /**
   * Category -> owning service, checked in process before appending. KurrentDB has no place to
   * enforce this server-side, so categories not listed are open to every service.
   */
  categoryOwners?: Record<string, string>;
}

/** What the envelope keeps in KurrentDB's event metadata, next to the port's metadata. */
interface StoredMetadata {
  metadata: EventMetadata;
  schemaVersion: number;
  occurredAt: string;
}

type StoredEvent = JSONEventType<string, Record<string, unknown>, Record<string, unknown>>;

const checkpointStreamPrefix = 'subscriptioncheckpoint-';

/**
 * EventStoreDB / KurrentDB through its official client. Differences the contract allows for:
 * revisions are 0-based (version = revision + 1); de-duplication by id only lasts as long as the
 * server's id cache, and a re-used id with other content is not detected; category ownership is
 * only what `categoryOwners` configures. Subscriptions poll `$all` (plus an in-process wake on
 * local appends) through the same catch-up loop as the SQL stores.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly signals = new Set<WakeSignal>();

  constructor(private readonly options: KurrentDbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString`${options.connectionString}`;
  }

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    encodeExpected(options.expected);
    for (const event of events) {
      this.checkOwner(streamId, event.metadata.service);
      assertStorable(event, canonicalJson(event.data), canonicalJson(event.metadata));
    }
    if (events.length === 0) {
      const [last] = await this.collectStream(streamId, { direction: 'backward', maxCount: 1 });
      return { streamVersion: last?.streamVersion ?? 0, globalPositions: [] };
    }
    let result;
    try {
      result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent<StoredEvent>({
            id: e.eventId,
            type: e.type,
            data: e.data as Record<string, unknown>,
            metadata: {
              metadata: e.metadata,
              schemaVersion: e.schemaVersion,
              occurredAt: e.occurredAt,
            } as unknown as Record<string, unknown>,
          }),
        ),
        { streamState: toStreamState(options.expected) },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualState === NO_STREAM ? 0 : Number(error.actualState) + 1;
        throw new WrongExpectedVersion(streamId, options.expected, actual);
      }
      throw error;
    }
    for (const signal of this.signals) signal.notify();
    const streamVersion = Number(result.nextExpectedRevision) + 1;
    // The append answers one position; read the batch back for each event's.
    const appended = await this.collectStream(streamId, {
      from: streamVersion - events.length + 1,
      maxCount: events.length,
    });
    return { streamVersion, globalPositions: appended.map((e) => e.globalPosition) };
  }

  /**
   * Not offered here: the client's multiStreamAppend (KurrentDB 25.1+) takes only flat string
   * metadata, which is not how this adapter stores the envelope. Refused loudly, never half done.
   */
  async appendToStreams(_appends: StreamAppend[]): Promise<AppendResult[]> {
    throw new EventStoreError('The KurrentDB adapter does not append to several streams at once');
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const maxCount = boundedMaxCount(options.maxCount);
    if (maxCount === 0) return;
    const backward = options.direction === 'backward';
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: backward ? BACKWARDS : FORWARDS,
        fromRevision:
          options.from === undefined
            ? backward
              ? 'end'
              : KURRENT_START
            : BigInt(Math.max(options.from - 1, 0)),
        ...(Number.isFinite(maxCount) ? { maxCount } : {}),
      })) {
        if (resolved.event) yield toRecorded(resolved.event, resolved.event.position);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
      if (options.mustExist) throw new StreamNotFound(streamId);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<PositionedEvent> {
    let remaining = boundedMaxCount(options.maxCount);
    let after = options.after ?? START;
    while (remaining > 0) {
      const page = await this.readPage(after, options.filter, Math.min(remaining, readPageSize));
      for (const item of page.events) yield item;
      remaining -= page.events.length;
      if (page.exhausted) return;
      after = page.last;
    }
  }

  subscribe(options: SubscriptionOptions): Subscription {
    return startCatchUpSubscription(
      {
        readPage: async (after, filter, maxCount) => {
          // Skip over long runs of filtered-out events without handing back an empty page early.
          let cursor = after;
          for (let round = 0; round < 100; round++) {
            const page = await this.readPage(cursor, filter, maxCount);
            if (page.events.length > 0 || page.exhausted) return page.events;
            cursor = page.last;
          }
          return [];
        },
        loadCheckpoint: async (id) => (await this.lastCheckpoint(id)).position,
        saveCheckpoint: (id, expected, next) => this.saveCheckpoint(id, expected, next),
        watch: (signal) => {
          this.signals.add(signal);
          return () => this.signals.delete(signal);
        },
      },
      options,
    );
  }

  /** Compare-and-set on a `subscriptioncheckpoint-<id>` stream, using its revision. */
  async saveCheckpoint(
    subscriptionId: string,
    expected: Checkpoint,
    next: Checkpoint,
  ): Promise<void> {
    const current = await this.lastCheckpoint(subscriptionId);
    if (current.position !== expected) throw new CheckpointConflict(subscriptionId, expected);
    try {
      await this.client.appendToStream(
        `${checkpointStreamPrefix}${subscriptionId}`,
        jsonEvent({ type: 'CheckpointMoved', data: { position: next } }),
        { streamState: current.revision === null ? NO_STREAM : current.revision },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        throw new CheckpointConflict(subscriptionId, expected);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async lastCheckpoint(
    subscriptionId: string,
  ): Promise<{ position: Checkpoint; revision: bigint | null }> {
    try {
      for await (const resolved of this.client.readStream(
        `${checkpointStreamPrefix}${subscriptionId}`,
        {
          direction: BACKWARDS,
          fromRevision: 'end',
          maxCount: 1,
        },
      )) {
        const data = resolved.event?.data as { position?: string } | undefined;
        return { position: data?.position ?? START, revision: resolved.event?.revision ?? null };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { position: START, revision: null };
  }

  /** Events strictly after `after`; `last` is where to continue even when all were filtered out. */
  private async readPage(
    after: Checkpoint,
    filter: EventFilter | undefined,
    maxCount: number,
  ): Promise<{ events: PositionedEvent[]; last: Checkpoint; exhausted: boolean }> {
    const from = decodePosition(after);
    const events: PositionedEvent[] = [];
    let last = after;
    let read = 0;
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      fromPosition: from ?? KURRENT_START,
      maxCount: maxCount + 1,
    })) {
      read++;
      const event = resolved.event;
      if (!event) continue;
      const checkpoint = encodePosition(event.position);
      if (checkpoint === after) continue; // `fromPosition` is inclusive
      last = checkpoint;
      if (event.streamId.startsWith('$') || event.type.startsWith('$')) continue;
      if (event.streamId.startsWith(checkpointStreamPrefix) || !event.isJson) continue;
      const recorded = toRecorded(event, event.position);
      if (!matchesFilter(recorded, filter)) continue;
      events.push({ event: recorded, checkpoint });
      if (events.length >= maxCount) return { events, last, exhausted: false };
    }
    return { events, last, exhausted: read < maxCount + 1 };
  }

  private async collectStream(
    streamId: string,
    options: ReadStreamOptions,
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const event of this.readStream(streamId, options)) out.push(event);
    return out;
  }

  private checkOwner(streamId: string, service: string): void {
    const category = streamCategory(streamId);
    const owner = this.options.categoryOwners?.[category];
    if (owner !== undefined && owner !== service) throw new CategoryNotOwned(category, service);
  }
}

function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected - 1);
}

function encodePosition(position: Position | undefined): Checkpoint {
  return position ? `${position.commit}:${position.prepare}` : START;
}

function decodePosition(checkpoint: Checkpoint): Position | null {
  if (checkpoint === START) return null;
  const match = /^(\d+):(\d+)$/.exec(checkpoint);
  if (!match) throw new RangeError(`Not a KurrentDB checkpoint: ${JSON.stringify(checkpoint)}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

interface KurrentRecorded {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
}

function toRecorded(event: KurrentRecorded, position: Position | undefined): RecordedEvent {
  const stored = event.metadata as StoredMetadata;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: stored.schemaVersion,
    data: event.data,
    metadata: stored.metadata,
    occurredAt: stored.occurredAt,
    streamId: event.streamId,
    streamVersion: Number(event.revision) + 1,
    globalPosition: Number(position?.commit ?? -1),
    recordedAt: event.created.toISOString(),
  };
}

export function createKurrentDbEventStore(
  options: KurrentDbEventStoreOptions,
): KurrentDbEventStore {
  return new KurrentDbEventStore(options);
}
