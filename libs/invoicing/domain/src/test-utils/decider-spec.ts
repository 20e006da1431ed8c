import type { Decider } from '@billing/kernel';

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
