import { type Decider, fold } from '@billing/kernel';

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
