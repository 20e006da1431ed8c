import type { Logger } from 'pino';
import type { AccessLog, AccessLogEntry, AccessLogStore } from './access-log.port';

export interface BatchedAccessLogOptions {
  /** Buffered entries are written at least this often. */
  flushIntervalMs?: number;
  /** A batch of this many is written at once, without waiting for the timer. */
  batchRowsMax?: number;
  /**
   * Entries kept while the store is away. Past it the oldest are dropped, loudly (an error log
   * line with the count), so a database outage cannot exhaust the process's memory.
   */
  bufferRowsMax?: number;
  /** Flush attempts on close before giving up on what is left, loudly. */
  closeAttemptsMax?: number;
  logger?: Logger;
}

/**
 * Records reads in memory and writes them in batches, so a read never waits for its audit row:
 * every `flushIntervalMs` or `batchRowsMax` rows, and on close. A failed write keeps the entries
 * for the next attempt and logs the failure; it never fails the read that was recorded.
 */
export class BatchedAccessLog implements AccessLog {
  private buffer: AccessLogEntry[] = [];
  private writing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly flushIntervalMs: number;
  private readonly batchRowsMax: number;
  private readonly bufferRowsMax: number;
  private readonly closeAttemptsMax: number;
  private droppedCount = 0;

  constructor(
    private readonly store: AccessLogStore,
    private readonly options: BatchedAccessLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.batchRowsMax = options.batchRowsMax ?? 500;
    this.bufferRowsMax = options.bufferRowsMax ?? 100_000;
    this.closeAttemptsMax = options.closeAttemptsMax ?? 5;
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  record(entry: AccessLogEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length > this.bufferRowsMax) this.dropOldest();
    if (this.buffer.length >= this.batchRowsMax) void this.flush();
  }

  /** One writer at a time; a flush asked for during a write waits for it, then writes the rest. */
  flush(): Promise<void> {
    const previous = this.writing ?? Promise.resolve();
    const next = previous.then(() => this.writeBuffered());
    this.writing = next.finally(() => {
      if (this.writing === next) this.writing = undefined;
    });
    return next;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (let attempt = 1; attempt <= this.closeAttemptsMax && this.buffer.length > 0; attempt++) {
      await this.flush();
      if (this.buffer.length > 0)
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
    if (this.buffer.length > 0)
      this.options.logger?.error(
        { component: 'access-log', pendingCount: this.buffer.length },
        'access log entries could not be written before shutdown',
      );
  }

  /** Writes the buffer in batches; on failure puts the unwritten entries back, oldest first. */
  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchRowsMax);
      try {
        await this.store.append(batch);
      } catch (error) {
        this.buffer.unshift(...batch);
        this.options.logger?.error(
          {
            component: 'access-log',
            pendingCount: this.buffer.length,
            reason: (error as Error).message,
          },
          'access log write failed; retrying',
        );
        return;
      }
    }
  }

  private dropOldest(): void {
    const excess = this.buffer.length - this.bufferRowsMax;
    this.buffer.splice(0, excess);
    this.droppedCount += excess;
    this.options.logger?.error(
      {
        component: 'access-log',
        droppedCount: this.droppedCount,
        bufferRowsMax: this.bufferRowsMax,
      },
      'access log buffer full while the store is away: oldest entries dropped',
    );
  }
}
