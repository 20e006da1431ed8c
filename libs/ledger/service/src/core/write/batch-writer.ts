import type { SqlExecutor } from '@billing/event-store';
import type { LedgerEvent } from '@billing/ledger-domain';
import { batchKeysOf, type LedgerProjectionSpec } from '../projections/ledger-projection-spec';
import { tableNamesOf } from '../registry/projection-registry';
import { columnsOf, insertSql, upsertSql, type Row, type TableSpec } from '../tables/table-spec';

/** The checkpoint was not where the batch started: another writer moved it, or the version retired. */
export class CheckpointMoved extends Error {
  constructor(
    readonly projection: string,
    readonly version: number,
  ) {
    super(`The checkpoint of ledger projection ${projection} v${version} moved under this batch`);
    this.name = 'CheckpointMoved';
  }
}

export interface BatchTarget {
  spec: LedgerProjectionSpec;
  version: number;
  /** Checkpoint the batch starts from (compare-and-set) and the one it ends at. */
  from: string;
  to: string;
  /** Live projectors write only while their version is live; a rebuild's catch-up does not. */
  requireLive: boolean;
}

/**
 * Applies one batch of events to one projection version: loads the rows the batch names, folds
 * the batch with the domain projection, and writes rows and checkpoint in ONE statement, so the
 * batch is all or nothing on PostgreSQL and on PGlite alike, with or without a transaction.
 */
export async function applyBatch(
  db: SqlExecutor,
  target: BatchTarget,
  events: readonly LedgerEvent[],
): Promise<void> {
  const { spec, version } = target;
  const state = await spec.load(db, tableNamesOf(spec, version), batchKeysOf(events));
  spec.foldInto(state, events);
  const appended = spec.drainAppended(state);
  const keyed = spec.keyedRows(state);
  const params: unknown[] = [];
  const writes: string[] = [];
  for (const table of spec.tables) {
    const rows = (table.kind === 'keyed' ? keyed : appended).get(table.name) ?? [];
    if (rows.length === 0) continue;
    const first = params.length + 1;
    params.push(...columnsOf(table, rows));
    const sql =
      table.kind === 'keyed' ? upsertSql(table, version, first) : insertSql(table, version, first);
    writes.push(`w${writes.length} AS (${sql})`);
  }
  const position = events.reduce((max, e) => Math.max(max, e.globalPosition), 0);
  params.push(target.to, position, events.length, spec.name, version, target.from);
  const n = params.length;
  writes.push(
    `moved AS (UPDATE ledger_rm.projection_versions
        SET checkpoint = $${n - 5}, position = greatest(position, $${n - 4}::bigint),
            events_applied = events_applied + $${n - 3}::bigint, updated_at = now()
      WHERE projection = $${n - 2} AND version = $${n - 1} AND checkpoint = $${n}
        ${target.requireLive ? "AND state = 'live'" : ''}
      RETURNING 1)`,
  );
  try {
    await db.query(
      `WITH ${writes.join(',\n')}
       SELECT ledger_rm.require_checkpoint_moved((SELECT count(*) FROM moved))`,
      params,
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'LG001')
      throw new CheckpointMoved(spec.name, version);
    throw error;
  }
}

/** Rows per statement of a bulk load: bounds statement size (a few MB) and server memory. */
const bulkRowsPerStatement = 5_000;

/** Plain multi-row inserts of rows never written before (a rebuild's load). */
export async function insertRows(
  db: SqlExecutor,
  table: TableSpec,
  version: number,
  rows: readonly Row[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += bulkRowsPerStatement) {
    const chunk = rows.slice(start, start + bulkRowsPerStatement);
    await db.query(insertSql(table, version, 1), columnsOf(table, chunk));
  }
}

/**
 * The lock a live batch holds shared for its transaction and a rebuild's comparison holds
 * exclusively for its session (a pause of the live projector).
 */
export function pauseLockSql(mode: 'shared' | 'session'): string {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_lock';
  return `SELECT ${fn}(hashtextextended('ledger_rm.' || $1::text, 0))`;
}

export const unlockSql = `SELECT pg_advisory_unlock(hashtextextended('ledger_rm.' || $1::text, 0))`;
