/**
 * An aggregate as three plain values (Emmett's shape): fold events with `evolve` from
 * `initialState()`, then `decide` what a command means in that state. `decide` is pure: time,
 * ids and anything else from outside arrive inside the command.
 */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export function fold<State, Event>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
