import { retryDelayMs } from './retry-backoff';

describe('retry backoff', () => {
  const backoff = { delayInitialMs: 100, delayMaxMs: 1_000 };
  it('doubles per retry and stops at the cap', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 10].map((r) => retryDelayMs(r, backoff, noJitter))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
  it('jitters down by at most a fifth', () => {
    expect(retryDelayMs(1, backoff, () => 1)).toBe(80);
  });
});
