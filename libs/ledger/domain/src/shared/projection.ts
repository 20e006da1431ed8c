import type { LedgerEvent } from './ledger-event';

/**
 * A read model as a fold over the store's global order. `apply` and `fold` never change the
 * state they are given (callers may keep earlier states, e.g. for point-in-time queries); they
 * ignore event types they do not know. States are plain JSON, so they serialize canonically and
 * persist as they are.
 */
export interface Projection<State> {
  readonly name: string;
  initial(): State;
  apply(state: State, event: LedgerEvent): State;
  /** `apply` over many events with one copy of the state instead of one per event. */
  fold(state: State, events: Iterable<LedgerEvent>): State;
}

/**
 * Builds a projection from a `mutate` step that updates a private working copy. Copying once per
 * `apply` (and once per `fold`, however many events) keeps the public functions pure while a
 * rebuild from position 0 stays linear in the number of events.
 */
export function defineProjection<State>(spec: {
  name: string;
  initial: () => State;
  /** Which event types can change the state; others skip the copy entirely. */
  handles: ReadonlySet<string>;
  mutate: (draft: State, event: LedgerEvent) => void;
}): Projection<State> {
  return {
    name: spec.name,
    initial: spec.initial,
    apply(state, event) {
      if (!spec.handles.has(event.type)) return state;
      const draft = structuredClone(state);
      spec.mutate(draft, event);
      return draft;
    },
    fold(state, events) {
      let draft: State | null = null;
      for (const event of events) {
        if (!spec.handles.has(event.type)) continue;
        draft ??= structuredClone(state);
        spec.mutate(draft, event);
      }
      return draft ?? state;
    },
  };
}

/** Folds `events` from the projection's initial state. */
export function foldAll<State>(
  projection: Projection<State>,
  events: Iterable<LedgerEvent>,
): State {
  return projection.fold(projection.initial(), events);
}
