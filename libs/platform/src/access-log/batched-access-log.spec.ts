import type { AccessLogEntry, AccessLogStore, RecordedAccess } from './access-log.port';
import { BatchedAccessLog } from './batched-access-log';
import { InMemoryAccessLogStore } from './sql-access-log.store';

const entry = (n: number): AccessLogEntry => ({
  accessedAt: '2026-03-02T09:00:00.000Z',
  billingAccountId: 'acct-1',
  subject: `clerk-${n}`,
  roles: ['billing-clerk'],
  service: 'invoicing',
  operation: 'GET /invoicing/billing-accounts/:id',
  correlationId: `c-${n}`,
});

/** A store that refuses writes while `down` is true, as a database that went away would. */
class FlakyStore implements AccessLogStore {
  down = true;
  attempts = 0;
  readonly inner = new InMemoryAccessLogStore();
  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    this.attempts += 1;
    if (this.down) throw new Error('connection refused');
    await this.inner.append(entries);
  }
  ofAccount(id: string, page: { limit: number }): Promise<RecordedAccess[]> {
    return this.inner.ofAccount(id, page);
  }
}

describe('BatchedAccessLog', () => {
  it('does not write per read: entries wait for the timer, then go in one batch', async () => {
    const store = new InMemoryAccessLogStore();
    const append = jest.spyOn(store, 'append');
    const log = new BatchedAccessLog(store, { flushIntervalMs: 60_000 });
    for (let n = 1; n <= 3; n++) log.record(entry(n));
    expect(store.rows).toHaveLength(0);
    await log.flush();
    expect(append).toHaveBeenCalledTimes(1);
    expect(store.rows.map((r) => r.subject)).toEqual(['clerk-1', 'clerk-2', 'clerk-3']);
    await log.close();
  });

  it('writes as soon as a batch is full, in batches of at most batchRowsMax', async () => {
    const store = new InMemoryAccessLogStore();
    const append = jest.spyOn(store, 'append');
    const log = new BatchedAccessLog(store, { flushIntervalMs: 60_000, batchRowsMax: 2 });
    for (let n = 1; n <= 5; n++) log.record(entry(n));
    await log.flush();
    expect(store.rows).toHaveLength(5);
    expect(append.mock.calls.every(([batch]) => batch.length <= 2)).toBe(true);
    await log.close();
  });

  it('keeps entries through a failed write and writes them, in order, once the store is back', async () => {
    const store = new FlakyStore();
    const errors: unknown[] = [];
    const logger = { error: (fields: unknown) => errors.push(fields) } as never;
    const log = new BatchedAccessLog(store, { flushIntervalMs: 60_000, logger });
    log.record(entry(1));
    log.record(entry(2));
    await log.flush();
    expect(store.inner.rows).toHaveLength(0);
    expect(errors).toEqual([
      expect.objectContaining({ pendingCount: 2, reason: 'connection refused' }),
    ]);
    log.record(entry(3));
    store.down = false;
    await log.flush();
    expect(store.inner.rows.map((r) => r.subject)).toEqual(['clerk-1', 'clerk-2', 'clerk-3']);
    await log.close();
  });

  it('flushes what is left on close, retrying while the store is briefly away', async () => {
    const store = new FlakyStore();
    const log = new BatchedAccessLog(store, { flushIntervalMs: 60_000 });
    log.record(entry(1));
    setTimeout(() => (store.down = false), 150);
    await log.close();
    expect(store.inner.rows).toHaveLength(1);
    expect(store.attempts).toBeGreaterThan(1);
  });

  it('says so, with a count, when it must drop entries because the store stayed away', async () => {
    const store = new FlakyStore();
    const errors: Array<Record<string, unknown>> = [];
    const logger = { error: (fields: Record<string, unknown>) => errors.push(fields) } as never;
    const log = new BatchedAccessLog(store, {
      flushIntervalMs: 60_000,
      batchRowsMax: 100,
      bufferRowsMax: 3,
      closeAttemptsMax: 1,
      logger,
    });
    for (let n = 1; n <= 5; n++) log.record(entry(n));
    expect(errors.filter((e) => e['droppedCount'] !== undefined).pop()).toMatchObject({
      droppedCount: 2,
    });
    store.down = false;
    await log.close();
    expect(store.inner.rows.map((r) => r.subject)).toEqual(['clerk-3', 'clerk-4', 'clerk-5']);
  });
});
