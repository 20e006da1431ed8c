// Keeps a child process running for `npm run start:stack` (see start-stack.js).

/** Restart pauses: doubling from the first to the cap; a run at least `healthyRunMs` long resets them. */
const defaults = { delayFirstMs: 1_000, delayMaxMs: 5_000, healthyRunMs: 60_000 };

/**
 * Runs `start()` (which spawns a ChildProcess) and, whenever that process exits while
 * `isStopping()` is false (a crash, a kill, a failed start), starts it again after a pause, forever,
 * logging each restart. `stop(signal)` forwards the signal; `stopped` resolves once the process
 * has exited after a stop.
 */
function supervise({ name, start, isStopping, log, timing = {} }) {
  const { delayFirstMs, delayMaxMs, healthyRunMs } = { ...defaults, ...timing };
  let child;
  let restartCount = 0;
  let delayMs = delayFirstMs;
  let timer;
  let markStopped;
  const stopped = new Promise((resolve) => (markStopped = resolve));
  const run = () => {
    const startedAt = Date.now();
    child = start();
    child.on('exit', (code, signal) => {
      child = undefined;
      if (isStopping()) return markStopped();
      if (Date.now() - startedAt >= healthyRunMs) delayMs = delayFirstMs;
      restartCount += 1;
      log(
        `${name} exited (${signal ? `signal ${signal}` : `code ${code}`}); ` +
          `restarting it in ${(delayMs / 1000).toFixed(1)} s (restart ${restartCount})`,
      );
      timer = setTimeout(() => {
        timer = undefined;
        if (isStopping()) return markStopped();
        run();
      }, delayMs);
      delayMs = Math.min(delayMs * 2, delayMaxMs);
    });
  };
  run();
  return {
    stopped,
    restartCount: () => restartCount,
    stop(signal = 'SIGTERM') {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        markStopped();
      }
      child?.kill(signal);
    },
  };
}

module.exports = { supervise };
