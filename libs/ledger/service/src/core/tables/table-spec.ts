/**
 * The shape of one projection table, from which its DDL, its writes and its checksum are made.
 * Every version of a projection gets the same tables with the version in their names
 * (`ledger_rm.balances_v2`), so a rebuild never touches the tables queries are reading.
 */
export type ColumnType = 'text' | 'bigint' | 'integer' | 'numeric' | 'boolean' | 'jsonb';

export interface ColumnSpec {
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
}

/** A row as values in column order: strings, numbers, booleans, null, or objects for jsonb. */
export type Row = unknown[];

/** Rows per base table name. */
export type TableRows = Map<string, Row[]>;

export const ledgerSchema = 'ledger_rm';

const identifier = /^[a-z][a-z0-9_]*$/;

export function assertIdentifier(name: string): string {
  if (!identifier.test(name)) throw new RangeError(`Not a plain SQL identifier: ${name}`);
  return name;
}

export function versionedName(table: string, version: number): string {
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

export function dropTableSql(spec: TableSpec, version: number): string {
  return `DROP TABLE IF EXISTS ${qualifiedName(spec.name, version)}`;
}

/**
 * `SELECT ... FROM json_array_elements($n::json)`: rows travel as one JSON text of positional
 * arrays. JSON.stringify and the server's JSON parser are both native, which beats building
 * array literals value by value in JavaScript for the tens of thousands of rows of a page.
 */
export function selectFromJson(spec: TableSpec, parameter: string): string {
  const values = spec.columns.map((c, i) => castOf(c, i));
  return `SELECT ${values.join(', ')} FROM json_array_elements(${parameter}::json) AS r`;
}

function castOf({ type, nullable }: ColumnSpec, index: number): string {
  // A JSON null read with -> is the jsonb value null, not SQL NULL.
  if (type === 'jsonb')
    return nullable ? `NULLIF((r->${index})::jsonb, 'null'::jsonb)` : `(r->${index})::jsonb`;
  if (type === 'text') return `r->>${index}`;
  return `(r->>${index})::${type}`;
}

export function columnList(spec: TableSpec): string {
  return spec.columns.map((c) => c.name).join(', ');
}

/** `INSERT ... SELECT` for rows never written before (appended rows, a rebuild's first load). */
export function insertSql(spec: TableSpec, version: number, parameter: string): string {
  return `INSERT INTO ${qualifiedName(spec.name, version)} (${columnList(spec)}) ${selectFromJson(spec, parameter)}`;
}

/** Upsert of whole rows by key (keyed tables). */
export function upsertSql(spec: TableSpec, version: number, parameter: string): string {
  const updates = spec.columns
    .filter((c) => !spec.key.includes(c.name))
    .map((c) => `${c.name} = EXCLUDED.${c.name}`);
  const onConflict = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  return `${insertSql(spec, version, parameter)} ON CONFLICT (${spec.key.join(', ')}) ${onConflict}`;
}

/** Rows as the JSON text `selectFromJson` reads. */
export function rowsJson(rows: readonly Row[]): string {
  return JSON.stringify(rows);
}
