import type { LedgerEvent } from './ledger-event';

/**
 * A read model as a fold over the store's global order. `apply` and `fold` never change the
 * state they are given (callers may keep earlier states, e.g. for point-in-time queries); they
 * ignore event types they do not know. States are plain JSON, so they serialize canonically and
 * persist as they are.
 */
export interface Projection<State> {
  readonly name: string;
  /**
   * The event types that can change the state; absent when any event can (the audit trail).
   * Lets a reader fetch only the events a projection needs.
   */
  readonly handles?: ReadonlySet<string>;
  initial(): State;
  apply(state: State, event: LedgerEvent): State;
  /** `apply` over many events with one copy of the state instead of one per event. */
  fold(state: State, events: Iterable<LedgerEvent>): State;
  /**
   * `fold` without the copy: changes `draft` in place. Only for a caller that owns `draft` and
   * nobody else reads it, e.g. the ledger service's working state between two batches of a
   * rebuild. Copying a large state once per batch would make a rebuild quadratic.
   */
  foldInto(draft: State, events: Iterable<LedgerEvent>): void;
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
  /**
   * Checks run once after each `apply`, `fold` or `foldInto` that changed the state (invariants
   * too costly to check after every event of a long fold), throwing to refuse the result.
   */
  settle?: (draft: State) => void;
}): Projection<State> {
  return {
    name: spec.name,
    handles: spec.handles,
    initial: spec.initial,
    apply(state, event) {
      if (!spec.handles.has(event.type)) return state;
      const draft = structuredClone(state);
      spec.mutate(draft, event);
      spec.settle?.(draft);
      return draft;
    },
    fold(state, events) {
      let draft: State | null = null;
      for (const event of events) {
        if (!spec.handles.has(event.type)) continue;
        draft ??= structuredClone(state);
        spec.mutate(draft, event);
      }
      if (draft !== null) spec.settle?.(draft);
      return draft ?? state;
    },
    foldInto(draft, events) {
      let changed = false;
      for (const event of events) {
        if (!spec.handles.has(event.type)) continue;
        spec.mutate(draft, event);
        changed = true;
      }
      if (changed) spec.settle?.(draft);
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
