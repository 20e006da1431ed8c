import { streamCategory, type NewEvent, type RecordedEvent } from '../port/envelope';
import {
  CategoryNotOwned,
  DuplicateEventIdConflict,
  EventStoreError,
  WrongExpectedVersion,
} from '../port/errors';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventFilter,
  EventStore,
  PositionedEvent,
  ReadAllOptions,
  ReadStreamOptions,
  Subscription,
  SubscriptionOptions,
} from '../port/event-store.port';
import { contentHash } from '../integrity/canonical-json';
import { boundedMaxCount, encodeExpected, readPageSize } from '../port-rules';
import {
  startCatchUpSubscription,
  type CatchUpTiming,
} from '../subscription/catch-up.subscription';
import type { WakeSignal } from '../subscription/wake-signal';
import { loadCheckpointWith, saveCheckpointWith } from './checkpoints';
import { decodeSqlCheckpoint, encodeSqlCheckpoint, type SafePosition } from './sql-checkpoint';
import type { SqlBackend, SqlError, SqlExecutor } from './sql-executor';

export const appendedChannel = 'event_store_appended';

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  occurred_at: string;
  recorded_at: string;
}

const eventColumns = `e.global_position::text AS global_position, e.transaction_id::text AS transaction_id,
  e.event_id::text AS event_id, e.stream_id, e.stream_version::text AS stream_version, e.type, e.schema_version,
  e.data, e.metadata, e.occurred_at,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

export interface SqlEventStoreOptions {
  timing?: CatchUpTiming;
}

/** The event store on PostgreSQL semantics; PostgreSQL and PGlite adapters differ only in backend. */
export class SqlEventStore implements EventStore {
  private readonly signals = new Set<WakeSignal>();
  private stopListening: Promise<() => Promise<void>> | undefined;
  private readonly subscriptions = new Set<Subscription>();
  /** At most one announcement in flight and one queued: bursts of appends coalesce. */
  private announcing: Promise<void> | undefined;
  private announceAgain = false;

  constructor(
    readonly backend: SqlBackend,
    private readonly options: SqlEventStoreOptions = {},
  ) {}

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.appendWith(this.backend, streamId, events, options);
  }

  /**
   * Appends inside a caller's transaction. The append must be that transaction's first write, so
   * its xid is assigned only after the stream lock (see sql/0008_function_append_events.sql).
   */
  async appendWith(
    db: SqlExecutor,
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = encodeExpected(options.expected);
    const services = new Set(events.map((e) => e.metadata.service));
    if (services.size > 1)
      throw new EventStoreError(
        `One append comes from one service, got ${[...services].join(', ')}`,
      );
    const payload = events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: e.metadata,
      occurredAt: e.occurredAt,
      contentHash: contentHash(e),
    }));
    let rows: Array<{ stream_version: string; global_position: string }>;
    try {
      ({ rows } = await db.query(
        `SELECT stream_version::text AS stream_version, global_position::text AS global_position
           FROM event_store.append_events($1, $2, $3, $4::jsonb)`,
        [streamId, expected, events[0]?.metadata.service ?? '', JSON.stringify(payload)],
      ));
    } catch (error) {
      throw mapAppendError(error, streamId, options, events[0]?.metadata.service ?? '');
    }
    if (rows.length === 0) {
      const current = await db.query<{ version: string }>(
        'SELECT version::text AS version FROM event_store.streams WHERE stream_id = $1',
        [streamId],
      );
      return { streamVersion: Number(current.rows[0]?.version ?? 0), globalPositions: [] };
    }
    if (db === this.backend) this.wakeLocal();
    this.announce();
    return {
      streamVersion: Number(rows[rows.length - 1]!.stream_version),
      globalPositions: rows.map((r) => Number(r.global_position)),
    };
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const backward = options.direction === 'backward';
    let remaining = boundedMaxCount(options.maxCount);
    let from = options.from ?? (backward ? Number.MAX_SAFE_INTEGER : 1);
    while (remaining > 0) {
      const limit = Math.min(remaining, readPageSize);
      const { rows } = await this.backend.query<EventRow>(
        `SELECT ${eventColumns} FROM event_store.events e
          WHERE e.stream_id = $1 AND ${backward ? 'e.stream_version <= $2' : 'e.stream_version >= $2'}
          ORDER BY e.stream_version ${backward ? 'DESC' : 'ASC'} LIMIT $3`,
        [streamId, from, limit],
      );
      for (const row of rows) yield toRecorded(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      from = Number(rows[rows.length - 1]!.stream_version) + (backward ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<PositionedEvent> {
    let remaining = boundedMaxCount(options.maxCount);
    let after = options.after ?? '';
    while (remaining > 0) {
      const limit = Math.min(remaining, readPageSize);
      const page = await this.readPage(after, options.filter, limit);
      for (const item of page) yield item;
      remaining -= page.length;
      if (page.length < limit) return;
      after = page[page.length - 1]!.checkpoint;
    }
  }

  /** One page in the safe order: only transactions older than every open one, by (xid, position). */
  async readPage(
    after: Checkpoint,
    filter: EventFilter | undefined,
    maxCount: number,
  ): Promise<PositionedEvent[]> {
    const position = decodeSqlCheckpoint(after);
    const unfiltered = !filter?.categories && !filter?.types;
    // Unfiltered pages go through read_all_page, which pins the index walk (sql/0017).
    const { rows } = unfiltered
      ? await this.backend.query<EventRow>(
          `SELECT ${eventColumns}
             FROM event_store.read_all_page($1::text::xid8, $2::bigint, $3::integer) e`,
          [position.transactionId, position.globalPosition, maxCount],
        )
      : await this.backend.query<EventRow>(
          `SELECT ${eventColumns} FROM event_store.events e
            WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              AND (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
              AND ($3::text[] IS NULL OR e.category = ANY($3::text[]))
              AND ($4::text[] IS NULL OR e.type = ANY($4::text[]))
            ORDER BY e.transaction_id, e.global_position
            LIMIT $5`,
          [
            position.transactionId,
            position.globalPosition,
            filter?.categories ?? null,
            filter?.types ?? null,
            maxCount,
          ],
        );
    const page: PositionedEvent[] = new Array(rows.length);
    let previous = position;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const current = { transactionId: row.transaction_id, globalPosition: row.global_position };
      // The order is the whole point of a checkpoint: refuse a page that does not advance it.
      if (!isAfter(current, previous))
        throw new EventStoreError(
          `Read out of the safe order: ${encodeSqlCheckpoint(current)} after ${encodeSqlCheckpoint(previous)}`,
        );
      previous = current;
      page[i] = { event: toRecorded(row), checkpoint: encodeSqlCheckpoint(current) };
    }
    return page;
  }

  subscribe(options: SubscriptionOptions): Subscription {
    this.ensureListening();
    const subscription = startCatchUpSubscription(
      {
        readPage: (after, filter, maxCount) => this.readPage(after, filter, maxCount),
        loadCheckpoint: (id) => loadCheckpointWith(this.backend, id),
        saveCheckpoint: (id, expected, next) =>
          saveCheckpointWith(this.backend, id, expected, next),
        watch: (signal) => {
          this.signals.add(signal);
          return () => this.signals.delete(signal);
        },
        horizon: {
          // Every transaction that committed before now has an xid below the snapshot's xmax...
          head: () => this.snapshotBound('pg_snapshot_xmax'),
          // ...and a read started after this sees every xid below the snapshot's xmin.
          settled: () => this.snapshotBound('pg_snapshot_xmin'),
        },
      },
      options,
      this.options.timing,
    );
    this.subscriptions.add(subscription);
    subscription.done.then(
      () => this.subscriptions.delete(subscription),
      () => this.subscriptions.delete(subscription),
    );
    return subscription;
  }

  loadCheckpoint(subscriptionId: string, client: SqlExecutor = this.backend): Promise<Checkpoint> {
    return loadCheckpointWith(client, subscriptionId);
  }

  /** Compare-and-set; pass the projection's transaction client to commit it with its writes. */
  saveCheckpoint(
    subscriptionId: string,
    expected: Checkpoint,
    next: Checkpoint,
    client: SqlExecutor = this.backend,
  ): Promise<void> {
    return saveCheckpointWith(client, subscriptionId, expected, next);
  }

  /** Extends the global hash chain over up to `countMax` events; returns how many it sealed. */
  async sealGlobalChain(countMax = 1_000): Promise<number> {
    const { rows } = await this.backend.query<{ sealed: number }>(
      'SELECT event_store.seal_global_chain($1) AS sealed',
      [countMax],
    );
    return Number(rows[0]?.sealed ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.stopListening) await (await this.stopListening.catch(() => async () => undefined))();
    this.announceAgain = false;
    await this.announcing;
    await this.backend.close();
  }

  private async snapshotBound(bound: 'pg_snapshot_xmin' | 'pg_snapshot_xmax'): Promise<bigint> {
    const { rows } = await this.backend.query<{ xid: string }>(
      `SELECT ${bound}(pg_current_snapshot())::text AS xid`,
    );
    return BigInt(rows[0]!.xid);
  }

  /**
   * Tells other processes' subscribers that events were appended. Sent outside the append's
   * transaction on purpose (sql/0018): a NOTIFY inside it serializes every appender's commit. For
   * appendWith in a caller's transaction it may arrive before that commit; subscribers then re-read
   * a few times and fall back to their poll, so a notification only ever speeds delivery up.
   */
  private announce(): void {
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    this.announcing = this.backend
      .query(`SELECT pg_notify('${appendedChannel}', '')`)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.announcing = undefined;
        if (this.announceAgain) {
          this.announceAgain = false;
          this.announce();
        }
      });
  }

  private wakeLocal(): void {
    for (const signal of this.signals) signal.notify();
  }

  private ensureListening(): void {
    if (this.stopListening) return;
    this.stopListening = this.backend.listen(appendedChannel, () => this.wakeLocal());
    // Without LISTEN the slow poll still delivers; losing it must not crash the process.
    this.stopListening.catch(() => undefined);
  }
}

/** Numeric comparison of decimal strings (xid8 and bigint exceed a double's exact range). */
function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function isAfter(a: SafePosition, b: SafePosition): boolean {
  const byTransaction = compareDecimal(a.transactionId, b.transactionId);
  return (
    byTransaction > 0 ||
    (byTransaction === 0 && compareDecimal(a.globalPosition, b.globalPosition) > 0)
  );
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.global_position),
    recordedAt: row.recorded_at,
  };
}

function mapAppendError(
  error: unknown,
  streamId: string,
  options: AppendOptions,
  service: string,
): unknown {
  const { code, detail } = error as SqlError;
  switch (code) {
    case 'ES001':
      return new WrongExpectedVersion(streamId, options.expected, Number(detail));
    case 'ES002':
      return new DuplicateEventIdConflict(detail ?? '');
    case '23505': {
      // The unique event id, hit by a batch repeating an id or a racing append to another stream.
      const id = /\(event_id\)=\(([^)]+)\)/.exec(detail ?? '')?.[1];
      return id ? new DuplicateEventIdConflict(id) : error;
    }
    case 'ES003':
      return new CategoryNotOwned(streamCategory(streamId), service);
    default:
      return error;
  }
}
