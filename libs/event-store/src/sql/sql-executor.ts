/** How a statement is sent. */
export interface QueryOptions {
  /** A hint: prepare the statement once per connection under this name (pg); others may ignore it. */
  name?: string;
  /**
   * Rows as arrays of column values in select order instead of objects keyed by column name. Only
   * the store asks for it, and only of its own backend, which must honour it.
   */
  rowMode?: 'array';
}

/** The little the SQL adapters need from a connection; pg Pool/Client and PGlite both fit. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<{ rows: Row[]; rowCount: number }>;
  /**
   * Hands each row of a query to `onRow` as it arrives instead of collecting them, and resolves to
   * the row count once all came: a big read is then worked on while the server still sends it,
   * and its raw rows need not all be in memory at once. Optional: `forEachRow()` below falls back
   * to `query` where a backend has no such stream (PGlite returns whole results anyway). If
   * `onRow` throws, the remaining rows are drained and the promise rejects with that error.
   */
  forEachRow?<Row = Record<string, unknown>>(
    sql: string,
    params: unknown[] | undefined,
    onRow: (row: Row) => void,
    options?: QueryOptions,
  ): Promise<number>;
}

/** `db.forEachRow` where the executor streams rows, else one `query` and a loop over its rows. */
export async function forEachRow<Row = Record<string, unknown>>(
  db: SqlExecutor,
  sql: string,
  params: unknown[] | undefined,
  onRow: (row: Row) => void,
  options?: QueryOptions,
): Promise<number> {
  if (db.forEachRow) return db.forEachRow(sql, params, onRow, options);
  const { rows } = await db.query<Row>(sql, params, options);
  for (const row of rows) onRow(row);
  return rows.length;
}

/** A database the SQL event store runs on. */
export interface SqlBackend extends SqlExecutor {
  /** Calls `onNotify` on every NOTIFY of `channel`; resolves to the function that stops listening. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A database error as pg and PGlite both report it. */
export interface SqlError {
  code?: string;
  detail?: string;
  hint?: string;
}
