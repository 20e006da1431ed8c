import type { NewEvent, RecordedEvent } from './envelope';

/**
 * What an append expects of the stream (KurrentDB's closed set): `'any'`; `'no_stream'` (must not
 * exist yet); `'stream_exists'`; or the exact current version (number of events, >= 1).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  expected: ExpectedVersion;
}

/** One stream's part of `appendToStreams`. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedVersion;
}

export interface AppendResult {
  /** The stream's version after the append. */
  streamVersion: number;
  /** Global positions of the appended events, in order. */
  globalPositions: number[];
}

export interface ReadStreamOptions {
  /** First stream version to read (forward) or last (backward). */
  from?: number;
  direction?: 'forward' | 'backward';
  maxCount?: number;
  /**
   * Throw StreamNotFound when the stream has never been appended to. By default such a stream
   * reads as empty, which is what a command handler folding a new aggregate wants; a reader that
   * is handed a stream id from outside (an auditor's lookup, an API path) wants the difference.
   */
  mustExist?: boolean;
}

export interface EventFilter {
  categories?: string[];
  types?: string[];
}

/**
 * An opaque position in the store's safe global order. Compare only through the store; persist as
 * a string. `START` means before the first event.
 */
export type Checkpoint = string;
export const START: Checkpoint = '';

export interface ReadAllOptions {
  after?: Checkpoint;
  maxCount?: number;
  filter?: EventFilter;
}

/** A read-all page item: the event and the checkpoint that resumes just after it. */
export interface PositionedEvent {
  event: RecordedEvent;
  checkpoint: Checkpoint;
}

export interface SubscriptionOptions {
  /** Names the stored checkpoint. */
  subscriptionId: string;
  filter?: EventFilter;
  /** Upper bound of events handed to `handle` at once. */
  batchSizeMax?: number;
  /**
   * Handles a batch in the safe global order. The store moves the subscription's checkpoint to
   * `checkpoint` only after this resolves. Throwing stops the subscription (see `Subscription.done`).
   */
  handle: (events: RecordedEvent[], checkpoint: Checkpoint) => Promise<void>;
  /**
   * When set, the handler stores the checkpoint itself (in its own transaction, with its writes);
   * the subscription then reads the starting point from `loadCheckpoint` and does not save it.
   */
  loadCheckpoint?: () => Promise<Checkpoint>;
}

export interface Subscription {
  /** Stops after the batch in hand; resolves when stopped. */
  stop(): Promise<void>;
  /** Resolves when stopped, rejects with the handler's or store's error. */
  done: Promise<void>;
  /** Resolves once the subscription has delivered everything committed before this call. */
  caughtUp(): Promise<void>;
}

/**
 * The event store port. Adapters: PostgreSQL (production), PGlite (embedded), in-memory (unit
 * tests), EventStoreDB. All pass the same contract suite.
 */
export interface EventStore {
  appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Several streams' batches, all or none: every expectation is checked and either every batch is
   * stored or nothing is. For a command whose facts live in more than one stream (a document and
   * its number). One service, each stream at most once; results in the order given. A retry of
   * the same call answers the original results, as appendToStream does.
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<PositionedEvent>;
  subscribe(options: SubscriptionOptions): Subscription;
  close(): Promise<void>;
}
