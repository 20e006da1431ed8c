import type { SqlExecutor } from '@billing/event-store';
import type { AccessLogEntry, AccessLogStore, RecordedAccess } from './access-log.port';

interface AccessRow {
  access_id: string;
  accessed_at: string;
  billing_account_id: string;
  subject: string;
  roles: string[];
  service: string;
  operation: string;
  correlation_id: string | null;
  recorded_at: string;
  recorded_by: string;
}

/** A page of the log is bounded whatever a caller asks for. */
export const accessLogPageMax = 1_000;

/**
 * `platform.access_log` through any executor: the pg pool of a standalone service or the CLI,
 * PGlite when embedded. A batch is one INSERT of column arrays.
 */
export class SqlAccessLogStore implements AccessLogStore {
  constructor(private readonly db: SqlExecutor) {}

  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO platform.access_log
         (accessed_at, billing_account_id, subject, roles, service, operation, correlation_id)
       SELECT a, b, s, string_to_array(r, ','), v, o, c
         FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS t(a, b, s, r, v, o, c)`,
      [
        entries.map((e) => e.accessedAt),
        entries.map((e) => e.billingAccountId),
        entries.map((e) => e.subject),
        entries.map((e) => e.roles.join(',')),
        entries.map((e) => e.service),
        entries.map((e) => e.operation),
        entries.map((e) => e.correlationId),
      ],
    );
  }

  async ofAccount(
    billingAccountId: string,
    page: { afterAccessId?: string; limit: number },
  ): Promise<RecordedAccess[]> {
    const { rows } = await this.db.query<AccessRow>(
      `SELECT access_id::text, to_char(accessed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS accessed_at,
              billing_account_id, subject, roles, service, operation, correlation_id,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, recorded_by
         FROM platform.access_log
        WHERE billing_account_id = $1 AND access_id > $2::bigint
        ORDER BY access_id
        LIMIT $3`,
      [
        billingAccountId,
        page.afterAccessId ?? '0',
        Math.min(Math.max(page.limit, 1), accessLogPageMax),
      ],
    );
    return rows.map((row) => ({
      accessId: row.access_id,
      accessedAt: row.accessed_at,
      billingAccountId: row.billing_account_id,
      subject: row.subject,
      roles: row.roles,
      service: row.service,
      operation: row.operation,
      correlationId: row.correlation_id,
      recordedAt: row.recorded_at,
      recordedBy: row.recorded_by,
    }));
  }
}

/** The same contract in memory, for tests and apps built without a database. */
export class InMemoryAccessLogStore implements AccessLogStore {
  readonly rows: RecordedAccess[] = [];

  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    for (const entry of entries)
      this.rows.push({
        ...entry,
        accessId: String(this.rows.length + 1),
        recordedAt: entry.accessedAt,
        recordedBy: 'memory',
      });
  }

  async ofAccount(
    billingAccountId: string,
    page: { afterAccessId?: string; limit: number },
  ): Promise<RecordedAccess[]> {
    const after = Number(page.afterAccessId ?? '0');
    return this.rows
      .filter((r) => r.billingAccountId === billingAccountId && Number(r.accessId) > after)
      .slice(0, Math.min(Math.max(page.limit, 1), accessLogPageMax));
  }
}
