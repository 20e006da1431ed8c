import type { SqlExecutor } from '@billing/event-store';

/**
 * Where the test clock's offset is kept, so every process of a run (and a restart) shares it,
 * and the floor it may not be set below: the last instant the log recorded.
 */
export interface ClockOffsetStore {
  /** The stored offset in milliseconds; 0 when the clock was never moved. */
  read(): Promise<number>;
  write(offsetMs: number): Promise<void>;
  /** The `occurredAt` of the log's last event; null while the log is empty. */
  lastRecordedInstant(): Promise<Date | null>;
}

/** `platform.test_clock` and the event log through any executor (a stack service's pool, PGlite). */
export class SqlClockOffsetStore implements ClockOffsetStore {
  constructor(private readonly db: SqlExecutor) {}

  async read(): Promise<number> {
    const { rows } = await this.db.query<{ offset_ms: string }>(
      `SELECT offset_ms::text AS offset_ms FROM platform.test_clock WHERE clock_id = 'system'`,
    );
    return Number(rows[0]?.offset_ms ?? '0');
  }

  async write(offsetMs: number): Promise<void> {
    await this.db.query(
      `INSERT INTO platform.test_clock (clock_id, offset_ms) VALUES ('system', $1)
       ON CONFLICT (clock_id) DO UPDATE
         SET offset_ms = EXCLUDED.offset_ms, moved_at = now(), moved_by = current_user`,
      [offsetMs],
    );
  }

  async lastRecordedInstant(): Promise<Date | null> {
    // The last event by position: one index probe, whatever the size of the log.
    const { rows } = await this.db.query<{ occurred_at: string }>(
      `SELECT occurred_at FROM event_store.events ORDER BY global_position DESC LIMIT 1`,
    );
    const instant = rows[0]?.occurred_at;
    return instant === undefined ? null : new Date(instant);
  }
}

/** For tests and processes without a database: the offset lives as long as the process. */
export class InMemoryClockOffsetStore implements ClockOffsetStore {
  private offsetMs = 0;

  constructor(private readonly lastInstant: () => Date | null = () => null) {}

  read(): Promise<number> {
    return Promise.resolve(this.offsetMs);
  }

  write(offsetMs: number): Promise<void> {
    this.offsetMs = offsetMs;
    return Promise.resolve();
  }

  lastRecordedInstant(): Promise<Date | null> {
    return Promise.resolve(this.lastInstant());
  }
}
