import type { SqlExecutor } from '@billing/event-store';
import type {
  LedgerProjectionName,
  LedgerProjectionSpec,
  TableNames,
} from '../projections/ledger-projection-spec';
import {
  afterLoadSql,
  createIndexesSql,
  createTableSql,
  dropTableSql,
  qualifiedName,
} from '../tables/table-spec';

export type VersionState = 'building' | 'live' | 'retired' | 'rejected';

export interface ProjectionVersion {
  projection: LedgerProjectionName;
  version: number;
  state: VersionState;
  /** The store's safe-order position after the last event applied ('' before the first). */
  checkpoint: string;
  /** Highest global position applied. */
  position: number;
  eventsApplied: number;
  liveSince: string | null;
  retiredAt: string | null;
  updatedAt: string;
}

const registry = 'ledger_rm.projection_versions';

const columns = `projection, version, state, checkpoint, position::text AS position,
  events_applied::text AS events_applied,
  to_char(live_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS live_since,
  to_char(retired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS retired_at,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;

interface VersionRow {
  projection: LedgerProjectionName;
  version: number;
  state: VersionState;
  checkpoint: string;
  position: string;
  events_applied: string;
  live_since: string | null;
  retired_at: string | null;
  updated_at: string;
}

function versionOf(row: VersionRow): ProjectionVersion {
  return {
    projection: row.projection,
    version: Number(row.version),
    state: row.state,
    checkpoint: row.checkpoint,
    position: Number(row.position),
    eventsApplied: Number(row.events_applied),
    liveSince: row.live_since,
    retiredAt: row.retired_at,
    updatedAt: row.updated_at,
  };
}

export function tableNamesOf(spec: LedgerProjectionSpec, version: number): TableNames {
  return Object.fromEntries(spec.tables.map((t) => [t.name, qualifiedName(t.name, version)]));
}

async function createTables(
  db: SqlExecutor,
  spec: LedgerProjectionSpec,
  version: number,
  options: { indexes: boolean },
): Promise<void> {
  for (const table of spec.tables) {
    await db.query(createTableSql(table, version));
    if (options.indexes) for (const sql of createIndexesSql(table, version)) await db.query(sql);
  }
}

/** Keys and indexes of a version loaded without them, then what its tables need after a load. */
export async function createIndexes(
  db: SqlExecutor,
  spec: LedgerProjectionSpec,
  version: number,
): Promise<void> {
  for (const table of spec.tables)
    for (const sql of [...createIndexesSql(table, version), ...afterLoadSql(table, version)])
      await db.query(sql);
}

/**
 * Gives every projection a live version: version 1, empty, at the start of the log, the first
 * time the service runs. Safe to repeat and to race (the registry's keys decide).
 */
export async function ensureLiveVersions(
  db: SqlExecutor,
  specs: readonly LedgerProjectionSpec[],
): Promise<void> {
  for (const spec of specs) {
    await db.query(
      `INSERT INTO ${registry} (projection, version, state, live_since)
       SELECT $1, 1, 'live', now()
        WHERE NOT EXISTS (SELECT 1 FROM ${registry} WHERE projection = $1)
       ON CONFLICT DO NOTHING`,
      [spec.name],
    );
    const live = await liveVersion(db, spec.name);
    if (live === null) throw new Error(`Ledger projection ${spec.name} has no live version`);
    await createTables(db, spec, live.version, { indexes: true });
  }
}

export async function liveVersion(
  db: SqlExecutor,
  projection: LedgerProjectionName,
): Promise<ProjectionVersion | null> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${columns} FROM ${registry} WHERE projection = $1 AND state = 'live'`,
    [projection],
  );
  return rows[0] ? versionOf(rows[0]) : null;
}

export async function projectionVersion(
  db: SqlExecutor,
  projection: LedgerProjectionName,
  version: number,
): Promise<ProjectionVersion | null> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${columns} FROM ${registry} WHERE projection = $1 AND version = $2`,
    [projection, version],
  );
  return rows[0] ? versionOf(rows[0]) : null;
}

export async function listVersions(db: SqlExecutor): Promise<ProjectionVersion[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${columns} FROM ${registry} ORDER BY projection, version`,
  );
  return rows.map(versionOf);
}

/** A new, empty version to rebuild into: the next number, tables created without indexes. */
export async function createBuildingVersion(
  db: SqlExecutor,
  spec: LedgerProjectionSpec,
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO ${registry} (projection, version, state)
     SELECT $1, coalesce(max(version), 0) + 1, 'building' FROM ${registry} WHERE projection = $1
     RETURNING version`,
    [spec.name],
  );
  const version = Number(rows[0]?.version);
  // A version number is never reused, but a crashed attempt may have left tables behind.
  for (const table of spec.tables) await db.query(dropTableSql(table, version));
  await createTables(db, spec, version, { indexes: false });
  return version;
}

export async function recordProgress(
  db: SqlExecutor,
  projection: LedgerProjectionName,
  version: number,
  progress: { checkpoint: string; position: number; eventsApplied: number },
): Promise<void> {
  await db.query(
    `UPDATE ${registry} SET checkpoint = $3, position = $4, events_applied = $5, updated_at = now()
      WHERE projection = $1 AND version = $2`,
    [projection, version, progress.checkpoint, progress.position, progress.eventsApplied],
  );
}

/** Makes `version` the live one; the previous live version is retired (its tables are kept). */
export async function switchLive(
  db: SqlExecutor,
  projection: LedgerProjectionName,
  version: number,
  checksums: unknown,
): Promise<void> {
  await db.query(
    `UPDATE ${registry} SET state = 'retired', retired_at = now(), updated_at = now()
      WHERE projection = $1 AND state = 'live'`,
    [projection],
  );
  await db.query(
    `UPDATE ${registry} SET state = 'live', live_since = now(), updated_at = now(), checksums = $3::jsonb
      WHERE projection = $1 AND version = $2`,
    [projection, version, JSON.stringify(checksums)],
  );
}

/** A rebuilt version whose checksums did not match and was not switched to. */
export async function rejectVersion(
  db: SqlExecutor,
  projection: LedgerProjectionName,
  version: number,
  checksums: unknown,
): Promise<void> {
  await db.query(
    `UPDATE ${registry} SET state = 'rejected', updated_at = now(), checksums = $3::jsonb
      WHERE projection = $1 AND version = $2`,
    [projection, version, JSON.stringify(checksums)],
  );
}
