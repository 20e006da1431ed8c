import { errorCodeOf } from './dependency-errors';

/** What follows a log or a topic: a read model, a consumer of another service, a relay. */
export type FollowerKind = 'projection' | 'consumer' | 'relay';

/**
 * `running`: applying events. `retrying`: a dependency is away, or an event failed and is being
 * retried (a bounded number of times). `stuck`: an event could not be applied after its retries;
 * the follower waits at that event for an operator to resume it. `starting`: not connected yet.
 */
export type FollowerState = 'starting' | 'running' | 'retrying' | 'stuck';

/** Where a follower failed: ids and positions only, never event data. */
export interface FollowerFailure {
  errorCode: string;
  /** The event it could not apply, when known. */
  eventId?: string;
  eventType?: string;
  /** The event's position: the store's global position, or `topic/partition@offset`. */
  eventPosition?: string;
  attempt: number;
  /** ISO instant of the first failure in this run of failures. */
  since: string;
}

export interface FollowerStatus {
  name: string;
  kind: FollowerKind;
  state: FollowerState;
  /** Last position applied (a store checkpoint, or `topic/partition@offset` for a consumer). */
  position: string | null;
  /** Events not yet applied (bounded count; null when it cannot be known now). */
  lag: number | null;
  /** True when the lag count hit its bound: there are at least `lag` events behind. */
  lagCapped?: boolean;
  failure?: FollowerFailure;
  /** Messages sent to the dead-letter topic by this follower since the process started. */
  deadLetteredCount?: number;
  lastDeadLetter?: FollowerFailure;
}

export interface FollowerLag {
  count: number;
  capped: boolean;
}

export interface FollowerRegistration {
  /** Counts what the follower has not applied yet; called when an operator lists followers. */
  lag?: () => Promise<FollowerLag | null>;
}

/** One follower's line in the registry; the follower reports on itself through it. */
export interface FollowerHandle {
  readonly name: string;
  /** Applied up to `position` (or running, position unchanged). Clears a failure. */
  running(position?: string): void;
  /** Failed attempt `attempt`; will try again. */
  retrying(error: unknown, attempt: number, at?: Partial<FollowerFailure>): void;
  /**
   * Gave up retrying: waits at this event until an operator resumes it (resolves true) or the
   * follower is closed (resolves false).
   */
  stuck(error: unknown, attempt: number, at?: Partial<FollowerFailure>): Promise<boolean>;
  /** A message went to the dead-letter topic (other services' topics only). */
  deadLettered(error: unknown, at?: Partial<FollowerFailure>): void;
  isStuck(): boolean;
  /** Leaves the registry; a pending `stuck()` resolves false. */
  close(): void;
}

interface Entry {
  id: number;
  name: string;
  kind: FollowerKind;
  state: FollowerState;
  position: string | null;
  failure?: FollowerFailure;
  deadLetteredCount: number;
  lastDeadLetter?: FollowerFailure;
  registration: FollowerRegistration;
  resume?: (resumed: boolean) => void;
}

/** A lag query slower than this is reported as unknown rather than holding the listing. */
const lagTimeoutMs = 2_000;
const followersMax = 500;

/**
 * Every follower of this process, with its state: what `/ready` and the operators' followers
 * query report. Followers register on start and close on stop; names need not be unique (two
 * instances of one service in a test process), and resume acts on every follower of a name.
 */
export class FollowerRegistry {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  register(
    name: string,
    kind: FollowerKind,
    registration: FollowerRegistration = {},
  ): FollowerHandle {
    if (this.entries.size >= followersMax) throw new Error(`At most ${followersMax} followers`);
    const entry: Entry = {
      id: this.nextId++,
      name,
      kind,
      state: 'starting',
      position: null,
      deadLetteredCount: 0,
      registration,
    };
    this.entries.set(entry.id, entry);
    return this.handleOf(entry);
  }

  /** Every follower, with its lag asked now (bounded in time). */
  async list(): Promise<FollowerStatus[]> {
    const entries = [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name));
    return Promise.all(entries.map((entry) => this.statusOf(entry)));
  }

  /** Followers that cannot apply events now (stuck, or retrying against a dependency). */
  unhealthy(): FollowerStatus[] {
    return [...this.entries.values()]
      .filter((e) => e.state === 'stuck' || e.state === 'retrying')
      .map((e) => this.snapshot(e, null));
  }

  /** Resumes every stuck follower named `name`; returns how many were stuck. */
  resume(name: string): number {
    let resumed = 0;
    for (const entry of this.entries.values()) {
      if (entry.name !== name || entry.state !== 'stuck' || !entry.resume) continue;
      const resume = entry.resume;
      entry.resume = undefined;
      entry.state = 'retrying';
      resume(true);
      resumed += 1;
    }
    return resumed;
  }

  names(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.name))];
  }

  private handleOf(entry: Entry): FollowerHandle {
    const failureOf = (
      error: unknown,
      attempt: number,
      at: Partial<FollowerFailure> = {},
    ): FollowerFailure => ({
      since: entry.failure?.since ?? new Date().toISOString(),
      ...at,
      errorCode: errorCodeOf(error),
      attempt,
    });
    return {
      name: entry.name,
      running: (position) => {
        entry.state = 'running';
        entry.failure = undefined;
        if (position !== undefined) entry.position = position;
      },
      retrying: (error, attempt, at) => {
        entry.failure = failureOf(error, attempt, at);
        entry.state = 'retrying';
      },
      stuck: (error, attempt, at) => {
        entry.failure = failureOf(error, attempt, at);
        entry.state = 'stuck';
        if (!this.entries.has(entry.id)) return Promise.resolve(false);
        return new Promise<boolean>((resolve) => {
          entry.resume = resolve;
        });
      },
      deadLettered: (error, at) => {
        entry.deadLetteredCount += 1;
        entry.lastDeadLetter = failureOf(error, 0, at);
        entry.lastDeadLetter.since = new Date().toISOString();
      },
      isStuck: () => entry.state === 'stuck',
      close: () => {
        this.entries.delete(entry.id);
        const resume = entry.resume;
        entry.resume = undefined;
        resume?.(false);
      },
    };
  }

  private async statusOf(entry: Entry): Promise<FollowerStatus> {
    let lag: FollowerLag | null = null;
    if (entry.registration.lag) {
      let timer: NodeJS.Timeout | undefined;
      lag = await Promise.race([
        entry.registration.lag().catch(() => null),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), lagTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.snapshot(entry, lag);
  }

  private snapshot(entry: Entry, lag: FollowerLag | null): FollowerStatus {
    return {
      name: entry.name,
      kind: entry.kind,
      state: entry.state,
      position: entry.position,
      lag: lag?.count ?? null,
      ...(lag?.capped ? { lagCapped: true } : {}),
      ...(entry.failure ? { failure: { ...entry.failure } } : {}),
      ...(entry.deadLetteredCount > 0
        ? { deadLetteredCount: entry.deadLetteredCount, lastDeadLetter: entry.lastDeadLetter }
        : {}),
    };
  }
}

/**
 * The process's registry. One per process on purpose: the followers of every service module in
 * it (all of them when embedded) answer one `/ready` and one followers query.
 */
export const followerRegistry = new FollowerRegistry();

/** Waits `ms`, or less when `cancelled` resolves first. */
export function pause(ms: number, cancelled?: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void cancelled?.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
