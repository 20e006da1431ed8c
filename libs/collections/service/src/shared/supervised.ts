import { errorCodeOf, retryDelayMs } from '@billing/messaging';
import type { Logger } from '@billing/platform';

/** What a follower of the store looks like: a projection, a process, a subscription. */
export interface Follower {
  done: Promise<void>;
  stop(): Promise<void>;
  caughtUp(): Promise<void>;
}

const restartDelayMaxMs = 30_000;

/**
 * Keeps a follower running: when it stops on an error (the database or Kafka away) it is started
 * again from its checkpoint after a growing pause, capped and jittered, forever: no dependency
 * that is only away for a while stops it for good. `caughtUp` always asks the follower running now.
 */
export function supervised(name: string, logger: Logger, start: () => Follower): Follower {
  let current = start();
  let stopped = false;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  const watch = (follower: Follower, restartCount: number): void => {
    follower.done.then(settle, (error: Error) => {
      logger.error(
        { follower: name, restartCount, errorCode: errorCodeOf(error) },
        'follower stopped, restarting',
      );
      if (stopped) return settle();
      const delayMs = retryDelayMs(restartCount + 1, {
        delayInitialMs: 250,
        delayMaxMs: restartDelayMaxMs,
      });
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
