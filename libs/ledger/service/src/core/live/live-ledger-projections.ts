import type { EventStore, SqlExecutor, Subscription } from '@billing/event-store';
import {
  countEventsAfter,
  errorCodeOf,
  followerRegistry,
  isDependencyUnavailable,
  type FollowerHandle,
} from '@billing/messaging';
import type { TransactionRunner } from '@billing/read-models';
import type {
  LedgerProjectionName,
  LedgerProjectionSpec,
} from '../projections/ledger-projection-spec';
import { ledgerProjectionSpecs } from '../projections/ledger-projections';
import {
  ensureLiveVersions,
  liveVersion,
  projectionVersion,
} from '../registry/projection-registry';
import { applyBatch, CheckpointMoved, pauseLockSql } from '../write/batch-writer';
import { errorReason } from '@billing/kernel';

/** Structurally a pino logger; the platform's logger fits. */
export interface LedgerLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface LiveLedgerProjectionsOptions {
  store: EventStore;
  db: SqlExecutor;
  tx: TransactionRunner;
  logger?: LedgerLogger;
  /** Default: every ledger projection. */
  projections?: readonly LedgerProjectionName[];
  /** Events folded and written per statement (the store caps a batch at 1,000). */
  batchSizeMax?: number;
}

export interface LiveLedgerProjections {
  /** Resolves once every projection has applied everything committed before the call. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits for a restart in caughtUp() at most this many times. */
const restartCountMax = 30;
/**
 * A projector whose batch keeps failing (not a dependency away: those restarts never end) is
 * stuck after this many restarts: it waits, reported, until an operator resumes it.
 */
const failureCountMax = 5;
const restartDelayMsMax = 5_000;

/**
 * Keeps the live version of each ledger projection up to date from the store's safe global
 * order. Each batch runs in one transaction that first takes the projection's pause lock
 * (shared; a rebuild's comparison takes it exclusively), loads the rows the batch names, folds
 * with the domain projection and writes rows and checkpoint in one statement. When a rebuild
 * switches the live version, the old projector's next write finds its version retired and the
 * projector restarts on the new one from the checkpoint the rebuild left.
 */
export async function startLiveLedgerProjections(
  options: LiveLedgerProjectionsOptions,
): Promise<LiveLedgerProjections> {
  const specs = ledgerProjectionSpecs.filter(
    (s) => options.projections === undefined || options.projections.includes(s.name),
  );
  await ensureLiveVersions(options.db, specs);
  const runners = specs.map((spec) => new ProjectionRunner(spec, options));
  for (const runner of runners) await runner.start();
  return {
    caughtUp: async () => {
      await Promise.all(runners.map((r) => r.caughtUp()));
    },
    stop: async () => {
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}

class ProjectionRunner {
  private subscription: Subscription | undefined;
  private stopping = false;
  private failures = 0;
  private failure: Error | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarted: Promise<void> = Promise.resolve();
  private position: string | undefined;
  private readonly follower: FollowerHandle;

  constructor(
    private readonly spec: LedgerProjectionSpec,
    private readonly options: LiveLedgerProjectionsOptions,
  ) {
    this.follower = followerRegistry.register(`ledger.${spec.name}`, 'projection', {
      lag: async () =>
        this.position === undefined
          ? null
          : countEventsAfter(
              options.store,
              this.position,
              spec.eventTypes ? { types: [...spec.eventTypes] } : undefined,
            ),
    });
  }

  async start(): Promise<void> {
    const live = await liveVersion(this.options.db, this.spec.name);
    if (live === null) throw new Error(`Ledger projection ${this.spec.name} has no live version`);
    this.follow(live.version);
  }

  private follow(version: number): void {
    const { spec, options } = this;
    let position = '';
    const subscription = options.store.subscribe({
      subscriptionId: `ledger.${spec.name}.v${version}`,
      batchSizeMax: options.batchSizeMax ?? 1_000,
      ...(spec.eventTypes ? { filter: { types: [...spec.eventTypes] } } : {}),
      loadCheckpoint: async () => {
        const current = await projectionVersion(options.db, spec.name, version);
        position = current?.checkpoint ?? '';
        this.position = position;
        this.follower.running(position);
        return position;
      },
      handle: async (events, checkpoint) => {
        await options.tx.run(async (db) => {
          await db.query(pauseLockSql('shared'), [spec.name]);
          await applyBatch(
            db,
            { spec, version, from: position, to: checkpoint, requireLive: true },
            events,
          );
        });
        position = checkpoint;
        this.position = checkpoint;
        this.failures = 0;
        this.follower.running(checkpoint);
      },
    });
    this.subscription = subscription;
    subscription.done.catch((error: Error) => this.onFailure(subscription, version, error));
  }

  private onFailure(subscription: Subscription, version: number, error: Error): void {
    if (this.stopping || this.subscription !== subscription) return;
    const retired = error instanceof CheckpointMoved;
    // A database away is no fault of the events: retried forever, never counted.
    const away = isDependencyUnavailable(error);
    this.failures += retired || away ? 0 : 1;
    if (!retired) this.follower.retrying(error, this.failures + 1);
    if (this.failures > failureCountMax) {
      this.failure = error;
      this.options.logger?.error(
        {
          projection: this.spec.name,
          version,
          errorCode: errorCodeOf(error),
          reason: errorReason(error),
        },
        'ledger projection stuck after repeated failures; resume it once the cause is fixed',
      );
      this.restarted = this.follower.stuck(error, this.failures).then((resumed) => {
        if (!resumed || this.stopping) return;
        this.failure = undefined;
        this.failures = 0;
        return this.restart(subscription, version, 0);
      });
      return;
    }
    const log = retired ? 'info' : 'warn';
    this.options.logger?.[log](
      {
        projection: this.spec.name,
        version,
        errorCode: errorCodeOf(error),
        reason: errorReason(error),
      },
      retired
        ? 'ledger projection version changed; following the live one'
        : 'ledger projection failed; restarting from its checkpoint',
    );
    const delayMs = retired ? 50 : Math.min(100 * 2 ** this.failures, restartDelayMsMax);
    this.restarted = this.restart(subscription, version, delayMs);
  }

  private restart(subscription: Subscription, version: number, delayMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        if (this.stopping) return resolve();
        this.start().then(resolve, (startError: Error) => {
          this.onFailure(subscription, version, startError);
          resolve();
        });
      }, delayMs);
    });
  }

  async caughtUp(): Promise<void> {
    for (let attempt = 0; attempt < restartCountMax; attempt++) {
      if (this.failure) throw this.failure;
      await this.restarted;
      const subscription = this.subscription;
      if (subscription === undefined) return;
      try {
        await subscription.caughtUp();
        if (subscription === this.subscription) return;
      } catch (error) {
        // The subscription stopped (a restart is under way): wait for its successor.
        if (this.stopping) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw this.failure ?? new Error(`Ledger projection ${this.spec.name} keeps restarting`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.follower.close();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.subscription?.stop();
  }
}
