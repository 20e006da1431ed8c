import type { Pool, PoolClient } from 'pg';
import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import type {
  LedgerProjectionName,
  LedgerProjectionSpec,
} from '../projections/ledger-projection-spec';
import { ledgerProjectionSpec, ledgerProjectionSpecs } from '../projections/ledger-projections';
import {
  createBuildingVersion,
  createIndexes,
  liveVersion,
  projectionVersion,
  recordProgress,
  rejectVersion,
  switchLive,
  type ProjectionVersion,
} from '../registry/projection-registry';
import { compareCheckpoints, readLog } from '../log/log-reader';
import { applyBatch, insertRows, pauseLockSql, unlockSql } from '../write/batch-writer';
import { copyRows } from '../write/copy-rows';
import type { TableRows } from '../tables/table-spec';
import { projectionChecksums, type TableChecksum } from './checksums';

export type RebuildPhase = 'load' | 'index' | 'compare' | 'done';

export interface RebuildProgress {
  phase: RebuildPhase;
  /** Events read from the log so far. */
  events: number;
  /** Highest global position read so far. */
  position: number;
  elapsedMs: number;
  eventsPerSecond: number;
  projection?: LedgerProjectionName;
}

export interface TableComparison {
  table: string;
  live: TableChecksum | null;
  rebuilt: TableChecksum;
  match: boolean;
}

export interface ProjectionRebuild {
  projection: LedgerProjectionName;
  /** The version the rebuild wrote. */
  version: number;
  /** The version that was live when the rebuild compared (null: none yet). */
  liveVersion: number | null;
  /** Where both versions stood when compared. */
  position: number;
  checkpoint: string;
  checksums: TableComparison[];
  matched: boolean;
  switched: boolean;
}

export interface RebuildLedgerResult {
  /** Events read from the log by the rebuild (from position 0). */
  events: number;
  /** Highest global position the rebuild read. */
  position: number;
  /** Read, fold, write and index, until the new tables were complete. */
  loadMs: number;
  eventsPerSecond: number;
  /** Everything, comparison and switch included. */
  durationMs: number;
  /** Where the time went (milliseconds): what to look at when the rate disappoints. */
  timings: RebuildTimings;
  projections: ProjectionRebuild[];
}

export interface RebuildTimings {
  /** Waiting for the next page of the log (its read overlaps the fold of the one before). */
  readWaitMs: number;
  /** Folding with the domain projections and turning states into rows. */
  foldMs: number;
  /** Waiting for row writes (they overlap the fold on a pool). */
  writeWaitMs: number;
  /** Writing the keyed rows (balances, receivables...) at the end. */
  keyedWriteMs: number;
  /** Adding keys and indexes to the new tables. */
  indexMs: number;
  /** Catching up, checksums of both versions and the switch. */
  compareMs: number;
}

export interface RebuildLedgerOptions {
  /** PostgreSQL: writes run on several connections; the comparison pauses live projectors. */
  pool?: Pool;
  /**
   * One connection (PGlite, or a client): everything runs on it in turn. No live projector may
   * write to the same database meanwhile (e.g. the CLI on an embedded data directory while the
   * server is stopped); the comparison then catches the live version up itself.
   */
  executor?: SqlExecutor;
  /** One projection or several; default every ledger projection. */
  projection?: LedgerProjectionName | readonly LedgerProjectionName[];
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * When to make the rebuilt version live: only if every table's checksum matches the live one
   * (default), in any case, or never (compare only; the new version is kept as 'rejected' when
   * it differs and 'building' otherwise).
   */
  switchTo?: 'when-matching' | 'always' | 'never';
  /** Events per read (default 20,000). */
  pageSize?: number;
  upcasters?: UpcasterRegistry;
}

/** Statements of a bulk load in flight at once on a pool (a second core works on inserts). */
const writesInFlightMax = 3;
const progressIntervalMs = 1_000;

/**
 * Rebuilds ledger projections from position 0 into new versioned tables, compares them with the
 * live ones and switches over. Same log, same tables: every row comes from the domain's folds
 * and the same row mapping the live projectors use, and checksums are taken over rows in key
 * order, so a rebuild of an intact read model matches it byte for byte.
 *
 * 1. Load: read the log in big pages, fold each page into in-memory states with the domain
 *    projections (in place, no copies), write the appended rows (journal lines, audit entries...)
 *    page by page and, at the end, the keyed rows (balances, receivables...). Then add keys and
 *    indexes, once.
 * 2. Compare, per projection, in one transaction holding its pause lock exclusively (live batches
 *    wait): bring whichever of the live and the rebuilt version is behind up to the other's
 *    checkpoint with the live projector's own batch code, take both checksums, and switch the
 *    registry when they match (or as `switchTo` says).
 */
export async function rebuildLedgerProjections(
  options: RebuildLedgerOptions,
): Promise<RebuildLedgerResult> {
  const started = performance.now();
  const db = executorOf(options);
  const specs = selectedSpecs(options.projection);
  const versions: number[] = [];
  for (const spec of specs) versions.push(await createBuildingVersion(db, spec));
  const loaded = await load(db, options, specs, versions, started);
  const loadMs = performance.now() - started;
  const report = (phase: RebuildPhase, projection?: LedgerProjectionName) =>
    options.onProgress?.({
      phase,
      events: loaded.events,
      position: loaded.position,
      elapsedMs: performance.now() - started,
      eventsPerSecond: rate(loaded.events, loadMs),
      ...(projection ? { projection } : {}),
    });
  const projections: ProjectionRebuild[] = [];
  const compareStarted = performance.now();
  for (const [index, spec] of specs.entries()) {
    report('compare', spec.name);
    projections.push(await compareAndSwitch(options, spec, versions[index] as number));
  }
  report('done');
  const timings = { ...loaded.timings, compareMs: performance.now() - compareStarted };
  return {
    events: loaded.events,
    position: loaded.position,
    loadMs: Math.round(loadMs),
    eventsPerSecond: rate(loaded.events, loadMs),
    durationMs: Math.round(performance.now() - started),
    timings: Object.fromEntries(
      Object.entries(timings).map(([k, v]) => [k, Math.round(v)]),
    ) as unknown as RebuildTimings,
    projections,
  };
}

function rate(events: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((events * 1000) / ms);
}

function selectedSpecs(
  projection: RebuildLedgerOptions['projection'],
): readonly LedgerProjectionSpec[] {
  if (projection === undefined) return ledgerProjectionSpecs;
  const names = typeof projection === 'string' ? [projection] : projection;
  return ledgerProjectionSpecs.filter((spec) =>
    names.map((n) => ledgerProjectionSpec(n).name).includes(spec.name),
  );
}

function executorOf(options: RebuildLedgerOptions): SqlExecutor {
  if ((options.pool !== undefined) === (options.executor !== undefined))
    throw new RangeError('rebuildLedgerProjections needs exactly one of pool and executor');
  if (options.executor) return options.executor;
  return clientExecutor(options.pool as Pool);
}

/** A pool or client as an executor that honours `rowMode` (the log reader asks for arrays). */
function clientExecutor(client: Pick<Pool, 'query'>): SqlExecutor {
  return {
    query: async (sql, params, queryOptions) => {
      const result = await client.query({
        text: sql,
        ...(params ? { values: params } : {}),
        ...(queryOptions?.rowMode ? { rowMode: queryOptions.rowMode } : {}),
      });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}

/** Event types to read: the union of the projections' own, or every type if one needs all. */
function typesOf(specs: readonly LedgerProjectionSpec[]): string[] | undefined {
  if (specs.some((s) => s.eventTypes === undefined)) return undefined;
  return [...new Set(specs.flatMap((s) => [...(s.eventTypes as ReadonlySet<string>)]))];
}

interface Loaded {
  events: number;
  position: number;
  checkpoint: string;
  timings: Omit<RebuildTimings, 'compareMs'>;
}

async function load(
  db: SqlExecutor,
  options: RebuildLedgerOptions,
  specs: readonly LedgerProjectionSpec[],
  versions: number[],
  started: number,
): Promise<Loaded> {
  const states = specs.map((spec) => spec.initial());
  const applied = specs.map(() => 0);
  const writes = new WriteQueue(options.pool ? writesInFlightMax : 1);
  const writeRows = rowWriter(db, options.pool);
  const types = typesOf(specs);
  let events = 0;
  let position = 0;
  let checkpoint = '';
  let reportedAt = 0;
  const timings = { readWaitMs: 0, foldMs: 0, writeWaitMs: 0, keyedWriteMs: 0, indexMs: 0 };
  let mark = performance.now();
  const lap = (key: keyof typeof timings) => {
    const now = performance.now();
    timings[key] += now - mark;
    mark = now;
  };
  for await (const page of readLog(db, {
    after: '',
    pageSize: options.pageSize ?? 20_000,
    ...(types ? { types } : {}),
    ...(options.upcasters ? { upcasters: options.upcasters } : {}),
  })) {
    lap('readWaitMs');
    specs.forEach((spec, i) => {
      spec.foldInto(states[i], page.events);
      applied[i] = (applied[i] as number) + countHandled(spec, page.events);
      const rows = spec.drainAppended(states[i]);
      const version = versions[i] as number;
      writes.add(() => writeRows(spec, version, rows));
    });
    lap('foldMs');
    await writes.waitForRoom();
    lap('writeWaitMs');
    events += page.events.length;
    for (const event of page.events)
      if (event.globalPosition > position) position = event.globalPosition;
    checkpoint = page.checkpoint;
    const now = performance.now();
    if (now - reportedAt >= progressIntervalMs) {
      reportedAt = now;
      options.onProgress?.({
        phase: 'load',
        events,
        position,
        elapsedMs: now - started,
        eventsPerSecond: rate(events, now - started),
      });
    }
    lap('foldMs');
  }
  await writes.drain();
  lap('writeWaitMs');
  specs.forEach((spec, i) => {
    const rows = spec.keyedRows(states[i]);
    const version = versions[i] as number;
    writes.add(() => writeRows(spec, version, rows));
  });
  await writes.drain();
  lap('keyedWriteMs');
  options.onProgress?.({
    phase: 'index',
    events,
    position,
    elapsedMs: performance.now() - started,
    eventsPerSecond: rate(events, performance.now() - started),
  });
  specs.forEach((spec, i) =>
    writes.add(() => indexTables(db, options.pool, spec, versions[i] as number)),
  );
  await writes.drain();
  lap('indexMs');
  for (const [i, spec] of specs.entries()) {
    await recordProgress(db, spec.name, versions[i] as number, {
      checkpoint,
      position,
      eventsApplied: applied[i] as number,
    });
  }
  return { events, position, checkpoint, timings };
}

/**
 * Sort memory for building keys and indexes on a pool's connection: the server's default (64 MB)
 * makes them sort on disk at a rebuild's sizes. Three builds run at once at most.
 */
const indexBuildMemory = '256MB';

/** Keys and indexes of a loaded version, on one connection with more sort memory on PostgreSQL. */
async function indexTables(
  db: SqlExecutor,
  pool: Pool | undefined,
  spec: LedgerProjectionSpec,
  version: number,
): Promise<void> {
  if (pool === undefined) return createIndexes(db, spec, version);
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '${indexBuildMemory}'`);
    await createIndexes(clientExecutor(client), spec, version);
    await client.query('RESET maintenance_work_mem');
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
}

type RowWriter = (spec: LedgerProjectionSpec, version: number, rows: TableRows) => Promise<void>;

/**
 * How a rebuild loads rows into its new tables: COPY on PostgreSQL (`copy-rows.ts`), multi-row
 * inserts on one connection (PGlite). Tables in the projection's order, one statement each.
 */
function rowWriter(db: SqlExecutor, pool: Pool | undefined): RowWriter {
  return async (spec, version, rows) => {
    for (const table of spec.tables) {
      const list = rows.get(table.name) ?? [];
      if (pool) await copyRows(pool, table, version, list);
      else await insertRows(db, table, version, list);
    }
  };
}

function countHandled(spec: LedgerProjectionSpec, events: readonly { type: string }[]): number {
  if (spec.eventTypes === undefined) return events.length;
  let count = 0;
  for (const event of events) if (spec.eventTypes.has(event.type)) count += 1;
  return count;
}

/** At most `limit` writes at once; the first failure fails the rebuild. */
class WriteQueue {
  private readonly running = new Set<Promise<unknown>>();
  private failure: unknown;

  constructor(private readonly limit: number) {}

  add(work: () => Promise<unknown>): void {
    const promise: Promise<unknown> = work().then(
      () => this.running.delete(promise),
      (error: unknown) => {
        this.failure ??= error;
        this.running.delete(promise);
      },
    );
    this.running.add(promise);
  }

  async waitForRoom(): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure !== undefined) throw this.failure;
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure !== undefined) throw this.failure;
  }
}

type Transactional = <T>(work: (db: SqlExecutor) => Promise<T>) => Promise<T>;

/**
 * On a pool, the comparison pauses the live projector with the projection's lock held on one
 * connection for the session, while catch-up batches, checksums and the switch run as short
 * statements of their own. No transaction stays open across the checksums: a long transaction
 * with an id would hold back every subscriber of the server (the store's safe-order rule).
 */
async function compareAndSwitch(
  options: RebuildLedgerOptions,
  spec: LedgerProjectionSpec,
  version: number,
): Promise<ProjectionRebuild> {
  if (options.executor) {
    const executor = options.executor;
    return compareOn(executor, (work) => work(executor), options, spec, version);
  }
  const pool = options.pool as Pool;
  const lock: PoolClient = await pool.connect();
  let broken: Error | undefined;
  try {
    // Waits for a live batch in flight; later ones wait until the unlock below.
    await lock.query(pauseLockSql('session'), [spec.name]);
    try {
      return await compareOn(clientExecutor(pool), transactionOn(pool), options, spec, version);
    } finally {
      await lock.query(unlockSql, [spec.name]).catch((error: Error) => {
        broken = error; // a connection that may still hold the lock must not be reused
      });
    }
  } finally {
    lock.release(broken);
  }
}

function transactionOn(pool: Pool): Transactional {
  return async (work) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(clientExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

async function compareOn(
  db: SqlExecutor,
  transactionally: Transactional,
  options: RebuildLedgerOptions,
  spec: LedgerProjectionSpec,
  version: number,
): Promise<ProjectionRebuild> {
  const live = await liveVersion(db, spec.name);
  let rebuilt = (await projectionVersion(db, spec.name, version)) as ProjectionVersion;
  let liveSums: TableChecksum[] | null = null;
  if (live !== null) {
    const order = compareCheckpoints(live.checkpoint, rebuilt.checkpoint);
    // Told to switch anyway, a live version that is behind is not worth catching up under the
    // pause lock (a new ledger on a long log): its checksums are taken where it stands.
    const catchUpLive = order < 0 && options.switchTo !== 'always';
    if (catchUpLive) await catchUp(db, options, spec, live, rebuilt.checkpoint, true);
    if (order > 0) await catchUp(db, options, spec, rebuilt, live.checkpoint, false);
    rebuilt = (await projectionVersion(db, spec.name, version)) as ProjectionVersion;
    liveSums = await projectionChecksums(db, spec, live.version);
  }
  const rebuiltSums = await projectionChecksums(db, spec, version);
  const checksums = rebuiltSums.map((sum, i): TableComparison => {
    const other = liveSums?.[i] ?? null;
    return {
      table: sum.table,
      live: other,
      rebuilt: sum,
      match: other === null || (other.md5 === sum.md5 && other.rows === sum.rows),
    };
  });
  const matched = checksums.every((c) => c.match);
  const switchTo = options.switchTo ?? 'when-matching';
  const switched = switchTo === 'always' || (switchTo === 'when-matching' && matched);
  // Retiring one version and making the other live is one transaction: queries always find one.
  if (switched) await transactionally((t) => switchLive(t, spec.name, version, checksums));
  else if (!matched) await rejectVersion(db, spec.name, version, checksums);
  return {
    projection: spec.name,
    version,
    liveVersion: live?.version ?? null,
    position: rebuilt.position,
    checkpoint: rebuilt.checkpoint,
    checksums,
    matched,
    switched,
  };
}

/**
 * Brings `behind` up to exactly `until` with the live projector's batch code (same load, fold and
 * write), then moves its checkpoint there even when the last events were of types it ignores.
 */
async function catchUp(
  db: SqlExecutor,
  options: RebuildLedgerOptions,
  spec: LedgerProjectionSpec,
  behind: ProjectionVersion,
  until: string,
  requireLive: boolean,
): Promise<void> {
  let from = behind.checkpoint;
  for await (const page of readLog(db, {
    after: from,
    until,
    pageSize: 1_000,
    ...(spec.eventTypes ? { types: [...spec.eventTypes] } : {}),
    ...(options.upcasters ? { upcasters: options.upcasters } : {}),
  })) {
    await applyBatch(
      db,
      { spec, version: behind.version, from, to: page.checkpoint, requireLive },
      page.events,
    );
    from = page.checkpoint;
  }
  if (from !== until) {
    await applyBatch(db, { spec, version: behind.version, from, to: until, requireLive }, []);
  }
}
