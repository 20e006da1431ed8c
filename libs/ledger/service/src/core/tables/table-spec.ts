/**
 * The shape of one projection table, from which its DDL, its writes and its checksum are made.
 * Every version of a projection gets the same tables with the version in their names
 * (`ledger_rm.balances_v2`), so a rebuild never touches the tables queries are reading.
 */
export type ColumnType = 'text' | 'bigint' | 'integer' | 'numeric' | 'boolean' | 'jsonb';

interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

export interface TableSpec {
  /** Base name; the versioned table is `ledger_rm.<name>_v<version>`. */
  name: string;
  columns: readonly ColumnSpec[];
  /** Primary key, which is also the order rows are hashed in for the checksum. */
  key: readonly string[];
  /**
   * `keyed`: one row per key, rewritten whole whenever its entity changes (balances, invoices).
   * `appended`: written once per event and never changed (journal lines, audit entries).
   */
  kind: 'keyed' | 'appended';
  /** Secondary indexes for the queries. */
  indexes?: ReadonlyArray<readonly string[]>;
  /**
   * Read through index-only scans: a rebuild vacuums the table once it is loaded and indexed, so
   * the visibility map lets those scans skip the table (autovacuum would do it, but later).
   */
  readByIndexOnly?: boolean;
}

/** A row as values in column order: strings, numbers, booleans, null, or objects for jsonb. */
export type Row = unknown[];

/** Rows per base table name. */
export type TableRows = Map<string, Row[]>;

const ledgerSchema = 'ledger_rm';

const identifier = /^[a-z][a-z0-9_]*$/;

function assertIdentifier(name: string): string {
  if (!identifier.test(name)) throw new RangeError(`Not a plain SQL identifier: ${name}`);
  return name;
}

function versionedName(table: string, version: number): string {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new RangeError(`Projection versions are whole numbers from 1, got ${version}`);
  return `${assertIdentifier(table)}_v${version}`;
}

export function qualifiedName(table: string, version: number): string {
  return `${ledgerSchema}.${versionedName(table, version)}`;
}

/** `CREATE TABLE` without keys or indexes: a rebuild loads first and indexes once at the end. */
export function createTableSql(spec: TableSpec, version: number): string {
  const columns = spec.columns.map(
    (c) => `${assertIdentifier(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}`,
  );
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(spec.name, version)} (${columns.join(', ')})`;
}

/** Primary key and secondary indexes; idempotent. */
export function createIndexesSql(spec: TableSpec, version: number): string[] {
  const table = versionedName(spec.name, version);
  const statements = [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '${table}_pkey' AND connamespace = '${ledgerSchema}'::regnamespace) THEN ` +
      `ALTER TABLE ${ledgerSchema}.${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${spec.key.join(', ')}); END IF; END $$`,
  ];
  (spec.indexes ?? []).forEach((columns, index) => {
    statements.push(
      `CREATE INDEX IF NOT EXISTS ${table}_i${index} ON ${ledgerSchema}.${table} (${columns.map(assertIdentifier).join(', ')})`,
    );
  });
  return statements;
}

/** What follows the keys and indexes of a freshly loaded table, if anything. */
export function afterLoadSql(spec: TableSpec, version: number): string[] {
  return spec.readByIndexOnly ? [`VACUUM (ANALYZE) ${qualifiedName(spec.name, version)}`] : [];
}

export function dropTableSql(spec: TableSpec, version: number): string {
  return `DROP TABLE IF EXISTS ${qualifiedName(spec.name, version)}`;
}

/**
 * Rows travel as one array parameter per column, unnested by the server: three times faster
 * than extracting fields from a JSON document per row (measured: 20,000 audit rows in about 200
 * ms against 650 ms). `firstParameter` is the number of the first column's parameter.
 */
function selectFromColumns(spec: TableSpec, firstParameter: number): string {
  const arrays = spec.columns.map((c, i) => `$${firstParameter + i}::${c.type}[]`);
  return `SELECT * FROM unnest(${arrays.join(', ')})`;
}

export function columnList(spec: TableSpec): string {
  return spec.columns.map((c) => c.name).join(', ');
}

/** `INSERT ... SELECT` for rows never written before (appended rows, a rebuild's first load). */
export function insertSql(spec: TableSpec, version: number, firstParameter: number): string {
  return `INSERT INTO ${qualifiedName(spec.name, version)} (${columnList(spec)}) ${selectFromColumns(spec, firstParameter)}`;
}

/** Upsert of whole rows by key (keyed tables). */
export function upsertSql(spec: TableSpec, version: number, firstParameter: number): string {
  const updates = spec.columns
    .filter((c) => !spec.key.includes(c.name))
    .map((c) => `${c.name} = EXCLUDED.${c.name}`);
  const onConflict = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  return `${insertSql(spec, version, firstParameter)} ON CONFLICT (${spec.key.join(', ')}) ${onConflict}`;
}

/**
 * Rows as one array per column, the parameters `selectFromColumns` reads; jsonb values travel as
 * their JSON text (JSON null as SQL NULL).
 */
export function columnsOf(spec: TableSpec, rows: readonly Row[]): unknown[][] {
  return spec.columns.map((column, index) =>
    rows.map((row) => {
      const value = row[index];
      if (column.type !== 'jsonb' || value === null || value === undefined) return value ?? null;
      return JSON.stringify(value);
    }),
  );
}
