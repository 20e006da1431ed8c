/** A latch a subscription sleeps on; appends and database notifications open it. */
export class WakeSignal {
  private pending = false;
  private waiters: Array<(notified: boolean) => void> = [];

  notify(): void {
    this.pending = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake(true);
  }

  /** Resolves true when notified (or a notification was pending), false on timeout. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (notified: boolean): void => {
        clearTimeout(timer);
        this.pending = false;
        resolve(notified);
      };
      this.waiters.push(done);
    });
  }
}
