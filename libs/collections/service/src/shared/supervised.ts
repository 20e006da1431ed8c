import type { Logger } from '@billing/platform';
import { errorReason } from '@billing/kernel';

/** What a follower of the store looks like: a projection, a process, a subscription. */
export interface Follower {
  done: Promise<void>;
  stop(): Promise<void>;
  caughtUp(): Promise<void>;
}

/** A follower that stops on an error (the database or Kafka went away) restarts this often. */
const restartCountMax = 20;
const restartDelayMaxMs = 30_000;

/**
 * Keeps a follower running: when it stops on an error it is started again from its checkpoint
 * after a growing pause, up to a bound, then left stopped and logged (readiness would then be the
 * place to report it). `caughtUp` always asks the follower running now.
 */
export function supervised(name: string, logger: Logger, start: () => Follower): Follower {
  let current = start();
  let stopped = false;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  const watch = (follower: Follower, restartCount: number): void => {
    follower.done.then(settle, (error: Error) => {
      logger.error(
        { follower: name, restartCount, reason: errorReason(error) },
        'follower stopped',
      );
      if (stopped || restartCount >= restartCountMax) return settle();
      const delayMs = Math.min(250 * 2 ** restartCount, restartDelayMaxMs);
      setTimeout(() => {
        if (stopped) return settle();
        current = start();
        watch(current, restartCount + 1);
      }, delayMs).unref();
    });
  };
  watch(current, 0);
  return {
    done,
    caughtUp: () => current.caughtUp(),
    async stop() {
      stopped = true;
      await current.stop();
      settle();
    },
  };
}
