/** Runs tasks one at a time, in arrival order; refuses work beyond `pendingCountMax`. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly pendingCountMax = 10_000) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.pending >= this.pendingCountMax) {
      return Promise.reject(
        new Error(`Database queue full (${this.pendingCountMax} pending); retry later`),
      );
    }
    this.pending++;
    const result = this.tail.then(task).finally(() => {
      this.pending--;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}
