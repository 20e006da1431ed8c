export interface RetryBackoff {
  /** Delay before the first retry. */
  delayInitialMs: number;
  /** Upper bound of any single delay. */
  delayMaxMs: number;
}

export const defaultRetryBackoff: RetryBackoff = { delayInitialMs: 200, delayMaxMs: 5_000 };

/** Exponential delay before retry number `retry` (1-based), capped, with up to 20% jitter. */
export function retryDelayMs(
  retry: number,
  backoff: RetryBackoff,
  random: () => number = Math.random,
): number {
  const exponential = backoff.delayInitialMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(exponential, backoff.delayMaxMs);
  return Math.round(capped * (1 - 0.2 * random()));
}
