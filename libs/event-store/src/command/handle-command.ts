import { deriveId, type Decider } from '@billing/kernel';
import type { EventMetadata, NewEvent } from '../port/envelope';
import { DuplicateEventIdConflict, WrongExpectedVersion } from '../port/errors';
import type { EventStore } from '../port/event-store.port';

/** What deciders emit and fold: the `type` and `data` of an envelope. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** Everything about a command that is not the command itself. */
export interface CommandContext {
  /**
   * Idempotency key of the request. Event ids are derived from it, so a command retried after a
   * crash repeats the same ids and the store recognises the retry.
   */
  idempotencyKey: string;
  metadata: EventMetadata;
  /** Business time of the events (from the injected clock). */
  occurredAt: string;
}

export interface HandleCommandOptions<State = unknown> {
  /** Attempts after a version conflict before giving up (TigerStyle: every retry loop bounded). */
  retryCountMax?: number;
  /** Schema version per event type; 1 when not given. */
  schemaVersionOf?: (type: string) => number;
  /**
   * Loads the state the decision needs; by default folds the whole stream (`loadAggregate`). An
   * aggregate whose state follows from its last event alone passes `loadFromLastEvent`, so its
   * load does not grow with its history.
   */
  load?: (store: EventStore, streamId: string) => Promise<{ state: State; streamVersion: number }>;
  /**
   * Whether a DuplicateEventIdConflict is decided again (default true: a retried command usually
   * decides "nothing to do" on the new state). False when the caller derives event ids so that a
   * conflict is itself the answer (numbering: this document has a number already); it then throws.
   */
  retryOnDuplicateEventId?: boolean;
}

export interface CommandResult<State, Event> {
  /** State after the new events. */
  state: State;
  /** Events this command appended (empty when the decision was "nothing to do"). */
  events: Event[];
  /** Global positions of the appended events (empty when nothing was appended). */
  globalPositions: number[];
  /** Stream version after the command (0 when the stream does not exist). */
  streamVersion: number;
}

const retryCountMaxDefault = 5;

/** Reads a stream and folds it into state; returns the state and the stream's version. */
export async function loadAggregate<State, Event extends DomainEvent>(
  store: EventStore,
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  streamId: string,
): Promise<{ state: State; streamVersion: number }> {
  let state = decider.initialState();
  let streamVersion = 0;
  for await (const event of store.readStream(streamId)) {
    state = decider.evolve(state, { type: event.type, data: event.data } as Event);
    streamVersion = event.streamVersion;
  }
  return { state, streamVersion };
}

/**
 * Loads an aggregate whose state is a function of its last event (a numbering series): one
 * backward read of one event, whatever the stream's length.
 */
export async function loadFromLastEvent<State, Event extends DomainEvent>(
  store: EventStore,
  stateFrom: (last: Event | undefined) => State,
  streamId: string,
): Promise<{ state: State; streamVersion: number }> {
  for await (const event of store.readStream(streamId, { direction: 'backward', maxCount: 1 })) {
    return {
      state: stateFrom({ type: event.type, data: event.data } as Event),
      streamVersion: event.streamVersion,
    };
  }
  return { state: stateFrom(undefined), streamVersion: 0 };
}

/**
 * The command loop of every service: load the stream, fold, decide, append with the exact
 * expected version; on a version conflict reload and decide again, a bounded number of times.
 * `command` may be a function of the current state, for commands that depend on it.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command | ((state: State) => Command),
  context: CommandContext,
  options: HandleCommandOptions<State> = {},
): Promise<CommandResult<State, Event>> {
  const retryCountMax = options.retryCountMax ?? retryCountMaxDefault;
  const load = options.load ?? ((s: EventStore, id: string) => loadAggregate(s, decider, id));
  for (let attempt = 0; ; attempt++) {
    const { state, streamVersion } = await load(store, streamId);
    const resolved =
      typeof command === 'function' ? (command as (s: State) => Command)(state) : command;
    const events = decider.decide(resolved, state);
    if (events.length === 0) return { state, events, globalPositions: [], streamVersion };
    const newEvents = events.map((event, index) =>
      toNewEvent(event, index, streamId, context, options),
    );
    try {
      const result = await store.appendToStream(streamId, newEvents, {
        expected: streamVersion === 0 ? 'no_stream' : streamVersion,
      });
      const after = events.reduce(decider.evolve, state);
      return {
        state: after,
        events,
        globalPositions: result.globalPositions,
        streamVersion: result.streamVersion,
      };
    } catch (error) {
      const redecide = options.retryOnDuplicateEventId !== false;
      if (error instanceof DuplicateEventIdConflict && redecide) {
        // Our own earlier attempt landed (a redelivered event, a crash before the answer): that
        // is the command's one effect, even when the state has moved on since and a new decision
        // would differ (more invoices open now). Deciding again would write the same ids with
        // other content and fail forever.
        const done = await landedEarlier(store, decider, streamId, context.idempotencyKey);
        if (done) return done;
      }
      // A concurrent writer moved the stream: decide again on the new state.
      const retryable =
        error instanceof WrongExpectedVersion ||
        (error instanceof DuplicateEventIdConflict && redecide);
      if (!retryable || attempt >= retryCountMax) throw error;
    }
  }
}

/**
 * The events a command with this idempotency key already appended to the stream, as its result,
 * with the stream's current state; undefined when the key left nothing there.
 */
async function landedEarlier<State, Event extends DomainEvent>(
  store: EventStore,
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  streamId: string,
  idempotencyKey: string,
): Promise<CommandResult<State, Event> | undefined> {
  let state = decider.initialState();
  let streamVersion = 0;
  const events: Event[] = [];
  const globalPositions: number[] = [];
  for await (const recorded of store.readStream(streamId)) {
    const event = { type: recorded.type, data: recorded.data } as Event;
    state = decider.evolve(state, event);
    streamVersion = recorded.streamVersion;
    if (recorded.metadata.idempotencyKey !== idempotencyKey) continue;
    events.push(event);
    globalPositions.push(recorded.globalPosition);
  }
  return events.length > 0 ? { state, events, globalPositions, streamVersion } : undefined;
}

/** A command's decided events as the store takes them, with ids derived from the context. */
export function toNewEvents(
  events: DomainEvent[],
  streamId: string,
  context: CommandContext,
  options: Pick<HandleCommandOptions, 'schemaVersionOf'> = {},
): NewEvent[] {
  return events.map((event, index) => toNewEvent(event, index, streamId, context, options));
}

/** The expectation for appending to a stream read at `streamVersion` (0: it did not exist). */
export function expectedAt(streamVersion: number): 'no_stream' | number {
  return streamVersion === 0 ? 'no_stream' : streamVersion;
}

function toNewEvent(
  event: DomainEvent,
  index: number,
  streamId: string,
  context: CommandContext,
  options: Pick<HandleCommandOptions, 'schemaVersionOf'>,
): NewEvent {
  return {
    eventId: deriveId(context.idempotencyKey, streamId, index, event.type),
    type: event.type,
    schemaVersion: options.schemaVersionOf?.(event.type) ?? 1,
    data: event.data,
    metadata: { ...context.metadata, idempotencyKey: context.idempotencyKey },
    occurredAt: context.occurredAt,
  };
}
