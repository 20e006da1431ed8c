import { streamCategory, type NewEvent, type RecordedEvent } from '../port/envelope';
import {
  CategoryNotOwned,
  DuplicateEventIdConflict,
  EventStoreError,
  StreamNotFound,
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
  StreamAppend,
  Subscription,
  SubscriptionOptions,
} from '../port/event-store.port';
import { canonicalEnvelope } from '../integrity/canonical-json';
import { assertStorable } from '../port/storable';
import { boundedMaxCount, encodeExpected, readPageSize } from '../port-rules';
import {
  startCatchUpSubscription,
  type CatchUpTiming,
  type FetchedPage,
} from '../subscription/catch-up.subscription';
import type { WakeSignal } from '../subscription/wake-signal';
import { loadCheckpointWith, saveCheckpointWith } from './checkpoints';
import { decodeSqlCheckpoint, type SafePosition } from './sql-checkpoint';
import { checkpointOfRow, eventColumns, eventFromRow, type EventRow } from './event-row';
import type { SqlBackend, SqlError, SqlExecutor } from './sql-executor';

const appendedChannel = 'event_store_appended';

/**
 * How long an append's announcement waits for others to share it. Only other processes' subscribers
 * wait on it (this process's are woken at once), so it bounds their extra delay.
 */
const announceCoalesceMs = 5;

/** Rounds of subscriptionsCaughtUp(): each waits for the subscriptions started since the last. */
const subscriptionsCaughtUpRoundCountMax = 10;

/** What one call of the sealer did. */
export interface SealRound {
  sealed: number;
  /** This session held the seal lock (one sealer at a time). */
  sealer: boolean;
  /** This round claimed the next publication of the chain head. */
  anchorDue: boolean;
}

export interface SqlEventStoreOptions {
  timing?: CatchUpTiming;
}

/** The event store on PostgreSQL semantics; PostgreSQL and PGlite adapters differ only in backend. */
export class SqlEventStore implements EventStore {
  private readonly signals = new Set<WakeSignal>();
  private stopListening: Promise<() => Promise<void>> | undefined;
  private readonly subscriptions = new Set<Subscription>();
  /**
   * At most one announcement pending and one queued: the appends of a short window share one
   * NOTIFY (each costs a small transaction of its own; one per append took about a sixth of the
   * server's time at one-event appends).
   */
  private announcing: Promise<void> | undefined;
  private announceSending = false;
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

  /** All or none, in one statement (sql/0029_function_append_to_streams.sql). */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) return [];
    const batches = appends.map((a) => encodeBatch(a.events));
    const service = batches.find((b) => b.service !== '')?.service ?? '';
    for (const batch of batches) {
      if (batch.service !== '' && batch.service !== service)
        throw new EventStoreError(
          `One append comes from one service, got ${service} and ${batch.service}`,
        );
    }
    if (new Set(appends.map((a) => a.streamId)).size !== appends.length)
      throw new EventStoreError('appendToStreams: each stream at most once');
    let rows: Array<{ stream_id: string; stream_version: string; global_positions: string }>;
    try {
      ({ rows } = await this.backend.query(
        `SELECT stream_id, stream_version::text AS stream_version,
                global_positions::text AS global_positions
           FROM event_store.append_to_streams($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          appends.map((a) => a.streamId),
          appends.map((a) => encodeExpected(a.expected)),
          service,
          batches.map((b) => b.eventIds.length),
          batches.flatMap((b) => b.eventIds),
          batches.flatMap((b) => b.types),
          batches.flatMap((b) => b.schemaVersions),
          batches.flatMap((b) => b.occurredAt),
          batches.flatMap((b) => b.contentHashes),
          `[${batches.map((b) => b.data).join(',')}]`,
          `[${batches.map((b) => b.metadata).join(',')}]`,
        ],
        { name: 'event_store_append_to_streams' },
      ));
    } catch (error) {
      const streamId = (error as SqlError).hint ?? appends[0]!.streamId;
      const options = appends.find((a) => a.streamId === streamId) ?? appends[0]!;
      throw mapAppendError(error, streamId, options, service);
    }
    const results = appends.map((append) => {
      const row = rows.find((r) => r.stream_id === append.streamId)!;
      return {
        streamVersion: Number(row.stream_version),
        globalPositions: parsePositions(row.global_positions),
      };
    });
    if (results.some((r) => r.globalPositions.length > 0)) {
      this.wakeLocal();
      this.announce();
    }
    return results;
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
    const batch = encodeBatch(events);
    const { service } = batch;
    let rows: Array<{ stream_version: string; global_positions: string }>;
    try {
      ({ rows } = await db.query(
        `SELECT stream_version::text AS stream_version, global_positions::text AS global_positions
           FROM event_store.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          streamId,
          expected,
          service,
          batch.eventIds,
          batch.types,
          batch.schemaVersions,
          batch.occurredAt,
          batch.contentHashes,
          batch.data,
          batch.metadata,
        ],
        { name: 'event_store_append_events' },
      ));
    } catch (error) {
      throw mapAppendError(error, streamId, options, service);
    }
    const row = rows[0]!;
    const globalPositions = parsePositions(row.global_positions);
    if (globalPositions.length > 0) {
      if (db === this.backend) this.wakeLocal();
      this.announce();
    }
    return { streamVersion: Number(row.stream_version), globalPositions };
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
        {
          rowMode: 'array',
          name: backward ? 'event_store_read_stream_backward' : 'event_store_read_stream',
        },
      );
      if (rows.length === 0 && options.mustExist && !(await this.streamExists(streamId)))
        throw new StreamNotFound(streamId);
      let last: RecordedEvent | undefined;
      for (const row of rows) {
        last = eventFromRow(row).event;
        yield last;
      }
      remaining -= rows.length;
      if (rows.length < limit || !last) return;
      from = last.streamVersion + (backward ? -1 : 1);
    }
  }

  private async streamExists(streamId: string): Promise<boolean> {
    const { rows } = await this.backend.query(
      'SELECT 1 FROM event_store.streams WHERE stream_id = $1',
      [streamId],
    );
    return rows.length > 0;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<PositionedEvent> {
    let remaining = boundedMaxCount(options.maxCount);
    let limit = Math.min(remaining, readPageSize);
    let next = this.fetchPage(options.after ?? '', options.filter, limit);
    while (remaining > 0) {
      const fetched = await next;
      remaining -= fetched.size;
      const more = fetched.size === limit && remaining > 0;
      if (more) {
        // Ask for the next page before decoding this one: the database prepares it while this
        // process decodes and the caller works through this page. At most one page ahead.
        limit = Math.min(remaining, readPageSize);
        next = this.fetchPage(fetched.lastCheckpoint!, options.filter, limit);
        // If the caller stops early, nobody awaits it: its failure must not go unhandled.
        next.catch(() => undefined);
      }
      for (const item of fetched.decode()) yield item;
      if (!more) return;
    }
  }

  /** One page in the safe order: only transactions older than every open append, by (xid, position). */
  async readPage(
    after: Checkpoint,
    filter: EventFilter | undefined,
    maxCount: number,
  ): Promise<PositionedEvent[]> {
    return (await this.fetchPage(after, filter, maxCount)).decode();
  }

  /** readPage in two steps: the rows now, the events (parsed, order checked) on decode(). */
  async fetchPage(
    after: Checkpoint,
    filter: EventFilter | undefined,
    maxCount: number,
  ): Promise<FetchedPage> {
    const position = decodeSqlCheckpoint(after);
    const unfiltered = !filter?.categories && !filter?.types;
    // Unfiltered pages go through read_all_page, which pins the index walk (sql/0017, 0022, 0025).
    // The horizon is computed in the reading statement and returned with the page (last column;
    // an empty page is one row of NULLs carrying it): see FetchedPage.horizon. MATERIALIZED makes
    // it one call: a plain subquery is pulled up and safe_horizon() runs twice, once for the bound
    // and once for the report, and the two can differ (a later pg_locks read), so caughtUp() could
    // be told of a bound the page was not read under (safe-horizon-race.spec.ts).
    const { rows: answer } = unfiltered
      ? await this.backend.query<EventRow>(
          `WITH x AS MATERIALIZED (SELECT event_store.safe_horizon() AS horizon)
           SELECT p.*, x.horizon::text FROM x
             LEFT JOIN LATERAL event_store.read_all_page($1::text::xid8, $2::bigint, $3::integer, x.horizon) p
               ON true`,
          [position.transactionId, position.globalPosition, maxCount],
          { rowMode: 'array', name: 'event_store_read_all_page_v4' },
        )
      : await this.backend.query<EventRow>(
          `WITH x AS MATERIALIZED (SELECT event_store.safe_horizon() AS horizon)
           SELECT p.*, x.horizon::text FROM x
             LEFT JOIN LATERAL (
               SELECT ${eventColumns} FROM event_store.events e
                WHERE e.transaction_id < x.horizon
                  AND (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
                  AND ($3::text[] IS NULL OR e.category = ANY($3::text[]))
                  AND ($4::text[] IS NULL OR e.type = ANY($4::text[]))
                ORDER BY e.transaction_id, e.global_position
                LIMIT $5) p ON true`,
          [
            position.transactionId,
            position.globalPosition,
            filter?.categories ?? null,
            filter?.types ?? null,
            maxCount,
          ],
          { rowMode: 'array', name: 'event_store_read_filtered_page_v3' },
        );
    const horizonText = (answer[0] as unknown as Array<string | null> | undefined)?.at(-1);
    const rows = answer.filter((row) => (row as unknown as Array<string | null>)[0] !== null);
    return {
      size: rows.length,
      lastCheckpoint: rows.length > 0 ? checkpointOfRow(rows[rows.length - 1]!) : undefined,
      decode: () => decodePage(position, rows),
      ...(horizonText ? { horizon: BigInt(horizonText) } : {}),
    };
  }

  subscribe(options: SubscriptionOptions): Subscription {
    this.ensureListening();
    const subscription = startCatchUpSubscription(
      {
        readPage: (after, filter, maxCount) => this.readPage(after, filter, maxCount),
        fetchPage: (after, filter, maxCount) => this.fetchPage(after, filter, maxCount),
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
          // ...and a read started after this sees every event below the safe horizon.
          settled: () => this.snapshotBound('event_store.safe_horizon'),
          reportedByPages: true,
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

  /**
   * Resolves once every subscription running on this store instance (a service's relay, read
   * models and projectors) has handled everything committed before the call: a readiness signal
   * for tests and operators. A subscription that stops meanwhile is not waited for; one started
   * meanwhile is (it catches up from a later call, which covers the earlier one).
   */
  async subscriptionsCaughtUp(): Promise<void> {
    const waited = new Set<Subscription>();
    for (let round = 0; round < subscriptionsCaughtUpRoundCountMax; round++) {
      const pending = [...this.subscriptions].filter((s) => !waited.has(s));
      if (pending.length === 0) return;
      for (const subscription of pending) waited.add(subscription);
      // A subscription that stopped (or failed) has nothing more to catch up with.
      await Promise.all(pending.map((s) => s.caughtUp().catch(() => undefined)));
    }
    throw new Error(
      `Subscriptions kept starting while waiting ${subscriptionsCaughtUpRoundCountMax} rounds for them to catch up`,
    );
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
    return (await this.sealRound(countMax)).sealed;
  }

  /**
   * One round of the sealer (sql/0025): `sealer` is false when another session holds the seal
   * lock; `anchorDue` is true when this round claimed the next publication of the chain head.
   */
  async sealRound(countMax = 1_000, anchorEveryMs: number | null = null): Promise<SealRound> {
    const { rows } = await this.backend.query<{
      sealed: number;
      sealer: boolean;
      anchor_due: boolean;
    }>(
      'SELECT sealed, sealer, anchor_due FROM event_store.seal_global_chain($1::integer, $2::integer)',
      [countMax, anchorEveryMs],
    );
    const row = rows[0];
    return {
      sealed: Number(row?.sealed ?? 0),
      sealer: row?.sealer === true,
      anchorDue: row?.anchor_due === true,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.stopListening) await (await this.stopListening.catch(() => async () => undefined))();
    this.announceAgain = false;
    await this.announcing;
    await this.backend.close();
  }

  private async snapshotBound(
    bound: 'event_store.safe_horizon' | 'pg_snapshot_xmax',
  ): Promise<bigint> {
    const { rows } = await this.backend.query<{ xid: string }>(
      bound === 'pg_snapshot_xmax'
        ? 'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid'
        : 'SELECT event_store.safe_horizon()::text AS xid',
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
      // Appends during the coalescing delay are covered by the NOTIFY that follows it; one that
      // lands while that NOTIFY is being sent needs another.
      if (this.announceSending) this.announceAgain = true;
      return;
    }
    this.announcing = new Promise<void>((resolve) => {
      setTimeout(resolve, announceCoalesceMs).unref();
    })
      .then(() => {
        this.announceSending = true;
        // A NOTIFY gives its transaction an xid, so its commit waited for a WAL flush like an
        // append's. Nothing durable is written: the notification is delivered at commit either
        // way, and a crash can only lose one that subscribers' safety-net poll makes up for.
        return this.backend.query(
          `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${appendedChannel}', '')`,
          [],
          { name: 'event_store_announce' },
        );
      })
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.announcing = undefined;
        this.announceSending = false;
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

/** A batch as append_events takes it: typed arrays plus data and metadata as JSON array text. */
interface EncodedBatch {
  service: string;
  eventIds: string[];
  types: string[];
  schemaVersions: number[];
  occurredAt: string[];
  contentHashes: string[];
  data: string;
  metadata: string;
}

/**
 * Checks and encodes a batch. data and metadata go as JSON arrays of the canonical text the
 * content hash was computed from: each event is serialized once, and the server stores exactly
 * the hashed bytes. Text the database could not store or give back is refused here, before
 * anything is written (UnstorableEvent).
 */
function encodeBatch(events: NewEvent[]): EncodedBatch {
  const service = events[0]?.metadata.service ?? '';
  const count = events.length;
  const batch: EncodedBatch = {
    service,
    eventIds: new Array<string>(count),
    types: new Array<string>(count),
    schemaVersions: new Array<number>(count),
    occurredAt: new Array<string>(count),
    contentHashes: new Array<string>(count),
    data: '[',
    metadata: '[',
  };
  for (let i = 0; i < count; i++) {
    const event = events[i]!;
    if (event.metadata.service !== service)
      throw new EventStoreError(
        `One append comes from one service, got ${service} and ${event.metadata.service}`,
      );
    if (event.data === undefined)
      throw new EventStoreError(`Event ${event.eventId} has no data (use null for none)`);
    const canonical = canonicalEnvelope(event);
    assertStorable(event, canonical.data, canonical.metadata);
    batch.eventIds[i] = event.eventId;
    batch.types[i] = event.type;
    batch.schemaVersions[i] = event.schemaVersion;
    batch.occurredAt[i] = event.occurredAt;
    batch.contentHashes[i] = canonical.contentHash;
    const separator = i === 0 ? '' : ',';
    batch.data += separator + canonical.data;
    batch.metadata += separator + canonical.metadata;
  }
  batch.data += ']';
  batch.metadata += ']';
  return batch;
}

/** Numeric comparison of decimal strings (xid8 and bigint exceed a double's exact range). */
function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The events of a page, refusing one that does not advance strictly in the safe order from
 * `after`: the order is the whole point of a checkpoint.
 */
function decodePage(after: SafePosition, rows: EventRow[]): PositionedEvent[] {
  const page: PositionedEvent[] = new Array(rows.length);
  let previousTransaction = after.transactionId;
  let previousPosition = after.globalPosition;
  for (let i = 0; i < rows.length; i++) {
    const item = eventFromRow(rows[i]!);
    const colon = item.checkpoint.indexOf(':');
    const transactionId = item.checkpoint.slice(0, colon);
    const globalPosition = item.checkpoint.slice(colon + 1);
    if (!isAfter(transactionId, globalPosition, previousTransaction, previousPosition))
      throw new EventStoreError(
        `Read out of the safe order: ${item.checkpoint} after ${previousTransaction}:${previousPosition}`,
      );
    previousTransaction = transactionId;
    previousPosition = globalPosition;
    page[i] = item;
  }
  return page;
}

/** Whether (transaction, position) comes strictly after (transactionBefore, positionBefore). */
function isAfter(
  transaction: string,
  position: string,
  transactionBefore: string,
  positionBefore: string,
): boolean {
  const byTransaction = compareDecimal(transaction, transactionBefore);
  return byTransaction > 0 || (byTransaction === 0 && compareDecimal(position, positionBefore) > 0);
}

/** A bigint[] in PostgreSQL's text form, `{1,2,3}`, as numbers. */
function parsePositions(text: string): number[] {
  if (text.length <= 2) return [];
  return text.slice(1, -1).split(',').map(Number);
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
    case 'ES010':
      return new EventStoreError(
        `An append to ${streamId} must be its transaction's first write (sql/0024): a transaction that wrote before it may already have been passed by readers`,
      );
    default:
      return error;
  }
}
