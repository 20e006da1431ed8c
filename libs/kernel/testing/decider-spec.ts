import { fold, type Decider } from '../src/decider';

/**
 * Given events / When command / Then events-or-error, for any decider:
 *
 *   spec(decider).given([...]).when(command).then([...])
 *   spec(decider).given([...]).when(command).thenThrows({ code: 'X' })
 */
export function deciderSpec<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given(events: Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        state,
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            /** The events decided, for assertions on parts of them. */
            events: (): Event[] => run(),
            then(expected: Event[]): Event[] {
              const actual = run();
              expect(actual).toEqual(expected);
              // Folding the decided events must not break any invariant either.
              actual.reduce(decider.evolve, state);
              return actual;
            },
            thenThrows(expected: Record<string, unknown>): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeDefined();
              expect(thrown).toMatchObject(expected);
            },
          };
        },
      };
    },
  };
}

/**
 * Given events / when command / then events for specs, plus a running stream for timelines:
 * `stream.handle(command)` decides on the folded history, appends, and returns the new events.
 */
export function given<S, C, E>(decider: Decider<S, C, E>, history: E[] = []) {
  return {
    when: (command: C): E[] => decider.decide(command, fold(decider, history)),
    state: (): S => fold(decider, history),
  };
}

export function stream<S, C, E>(decider: Decider<S, C, E>, history: E[] = []) {
  const events = [...history];
  return {
    events,
    handle(command: C): E[] {
      const emitted = decider.decide(command, fold(decider, events));
      events.push(...emitted);
      return emitted;
    },
    state: (): S => fold(decider, events),
  };
}
