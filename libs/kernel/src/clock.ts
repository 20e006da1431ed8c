import { invariant } from './errors';

/** Time comes from a clock port, never from `Date.now()` in domain code. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests move by hand. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
  advanceMs(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The test clock (issue 16): the base clock shifted by an offset that the system's operator sets.
 * Time keeps flowing from where it was set, so timers, leases and the order of recorded instants
 * keep working. Where it may be set (never before the last recorded instant) is the caller's rule.
 */
export class TestClock implements Clock {
  private offset = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offset);
  }

  /** How far this clock runs from the base clock, in milliseconds (negative: behind it). */
  get offsetMs(): number {
    return this.offset;
  }

  /** The offset that would make now() read `to`. */
  offsetFor(to: Date): number {
    return to.getTime() - this.base.now().getTime();
  }

  setOffset(offsetMs: number): void {
    invariant(Number.isSafeInteger(offsetMs), `clock offset ${offsetMs} is a whole number`);
    this.offset = offsetMs;
  }
}
