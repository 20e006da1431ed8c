import type { SqlExecutor } from '@billing/event-store';
import type {
  LedgerProjectionName,
  LedgerProjectionSpec,
} from '../projections/ledger-projection-spec';
import { ledgerProjectionSpec, ledgerProjectionSpecs } from '../projections/ledger-projections';
import { liveVersion } from '../registry/projection-registry';
import { qualifiedName, type TableSpec } from '../tables/table-spec';

export interface TableChecksum {
  table: string;
  rows: number;
  /** md5 over the md5 of each row's text, rows in primary-key order. */
  md5: string;
}

/**
 * The checksum of one projection table: each row's canonical text (PostgreSQL's row literal:
 * numerics keep their scale, jsonb is stored normalized) hashed, the hashes concatenated in
 * primary-key order and hashed again. Hashing per row first keeps the aggregate small (32 bytes a
 * row) however large the table. Equal tables give equal checksums byte for byte.
 */
export async function tableChecksum(
  db: SqlExecutor,
  table: TableSpec,
  version: number,
): Promise<TableChecksum> {
  const { rows } = await db.query<{ rows: string; md5: string }>(
    `SELECT count(*)::text AS rows,
            md5(coalesce(string_agg(md5(t::text), '' ORDER BY ${table.key.join(', ')}), '')) AS md5
       FROM ${qualifiedName(table.name, version)} t`,
  );
  return { table: table.name, rows: Number(rows[0]?.rows ?? 0), md5: rows[0]?.md5 ?? '' };
}

export async function projectionChecksums(
  db: SqlExecutor,
  spec: LedgerProjectionSpec,
  version: number,
): Promise<TableChecksum[]> {
  const result: TableChecksum[] = [];
  for (const table of spec.tables) result.push(await tableChecksum(db, table, version));
  return result;
}

export interface LedgerChecksums {
  projection: LedgerProjectionName;
  version: number;
  /** Highest global position the version has applied. */
  position: number;
  checkpoint: string;
  tables: TableChecksum[];
}

/**
 * Checksums of the live version of every ledger projection (or one), e.g. for an auditor to
 * compare two databases, or a rebuild with the live read model.
 */
export async function ledgerChecksums(options: {
  db: SqlExecutor;
  projection?: LedgerProjectionName;
}): Promise<LedgerChecksums[]> {
  const specs =
    options.projection === undefined
      ? ledgerProjectionSpecs
      : [ledgerProjectionSpec(options.projection)];
  const result: LedgerChecksums[] = [];
  for (const spec of specs) {
    const live = await liveVersion(options.db, spec.name);
    if (live === null) continue;
    result.push({
      projection: spec.name,
      version: live.version,
      position: live.position,
      checkpoint: live.checkpoint,
      tables: await projectionChecksums(options.db, spec, live.version),
    });
  }
  return result;
}
