/** One read of a billing account's data by a person: who, which account, what, when, in which flow. */
export interface AccessLogEntry {
  /** When the read was served (ISO 8601, from the platform clock). */
  accessedAt: string;
  billingAccountId: string;
  /** The token's subject, or `cli:<os user>` for the CLI. */
  subject: string;
  roles: string[];
  /** The service (or `cli`) that served the read. */
  service: string;
  /** The route (`GET /ledger/accounts/:id/statement`) or CLI command (`cli statement`). */
  operation: string;
  correlationId: string | null;
}

/** An entry as stored, with its place in the log and the database login that wrote it. */
export interface RecordedAccess extends AccessLogEntry {
  accessId: string;
  recordedAt: string;
  recordedBy: string;
}

/** Where access-log entries are kept (append-only). */
export interface AccessLogStore {
  append(entries: readonly AccessLogEntry[]): Promise<void>;
  /** Entries of one account, oldest first, after `afterAccessId`, at most `limit`. */
  ofAccount(
    billingAccountId: string,
    page: { afterAccessId?: string; limit: number },
  ): Promise<RecordedAccess[]>;
}

/** What a request handler sees: record without waiting; flush to make recorded reads visible. */
export interface AccessLog {
  record(entry: AccessLogEntry): void;
  /** Writes what is buffered; resolves once it is stored (or the attempt failed and will be retried). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left, retrying a few times. */
  close(): Promise<void>;
}

export const ACCESS_LOG = Symbol('ACCESS_LOG');
