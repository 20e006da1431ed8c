import { DomainError, TestClock, type Clock } from '@billing/kernel';
import type { ClockOffsetStore } from './clock-offset.store';

export interface SharedTestClockOptions {
  /** Real time (or a test's ManualClock) that the test clock is an offset from. */
  base: Clock;
  offsets: ClockOffsetStore;
  /**
   * Other processes move the clock too (the local stack): re-read the stored offset before every
   * request and every `pollMs` for background work (dunning and escalation timers). 0: this
   * process is the only writer (embedded), the offset is read once at start.
   */
  pollMs?: number;
}

/** What GET and POST /system/clock answer. */
export interface ClockReading {
  /** The system's business instant. */
  now: string;
  /** Its business date (UTC). */
  date: string;
  /** How far it runs from real time (negative: behind). */
  offsetMs: number;
}

/**
 * The test clock of a process and where its offset is kept. Every service of the process is
 * given `clock` as its business clock, so dunning, SLAs, promises, plans and scheduled runs all
 * follow it; moving it stores the offset first, so a restart or another process agrees.
 */
export class SharedTestClock {
  readonly clock: TestClock;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SharedTestClockOptions) {
    this.clock = new TestClock(options.base);
  }

  /** True when other processes may move the clock (the stack): re-read before each request. */
  get shared(): boolean {
    return (this.options.pollMs ?? 0) > 0;
  }

  async start(): Promise<void> {
    await this.refresh();
    const pollMs = this.options.pollMs ?? 0;
    if (pollMs <= 0) return;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async refresh(): Promise<void> {
    this.clock.setOffset(await this.options.offsets.read());
  }

  /**
   * Sets the clock to `to`. Refused (a DomainError naming `field`) before the last instant the
   * log recorded: events are ordered by time, and a later event may not say it happened earlier.
   */
  async moveTo(to: Date, field: string): Promise<ClockReading> {
    const floor = await this.options.offsets.lastRecordedInstant();
    if (floor !== null && to.getTime() < floor.getTime()) {
      throw new DomainError(
        'CLOCK_BEFORE_LOG',
        `The log already recorded ${floor.toISOString()}; the clock cannot be set before it`,
        'conflict',
        [{ field, reason: `must not be earlier than ${floor.toISOString()}` }],
      );
    }
    const offsetMs = this.clock.offsetFor(to);
    await this.options.offsets.write(offsetMs);
    this.clock.setOffset(offsetMs);
    return this.reading();
  }

  reading(): ClockReading {
    const now = this.clock.now().toISOString();
    return { now, date: now.slice(0, 10), offsetMs: this.clock.offsetMs };
  }
}
