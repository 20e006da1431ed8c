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
}
