// The CLI's account commands are reads by a person too (issue #14): each is recorded in the same
// append-only access log as the HTTP queries, after it answered.
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Client } from 'pg';
import { pgExecutor, type SqlEventStore } from '@billing/event-store';
import { SqlAccessLogStore, type AccessLogEntry } from '@billing/platform';
import { note } from '../shared/output';
import type { Connection } from './connection';

const attemptsMax = 3;
/** Undefined table or schema. */
const missingTableCodes = new Set(['42P01', '3F000']);

/**
 * Appends one entry per account read by `operation` (`cli statement`). The command's own session
 * is read-only, so PostgreSQL gets a separate short connection and PGlite an explicit read-write
 * transaction. A write that still fails after a few attempts is reported on stderr and does not
 * fail the command, whose answer was already given.
 */
export async function recordAccountReads(
  connection: Connection,
  store: SqlEventStore,
  accounts: Iterable<string>,
  operation: string,
): Promise<void> {
  const entries = entriesOf([...accounts], operation);
  if (entries.length === 0) return;
  let failure: Error | undefined;
  for (let attempt = 1; attempt <= attemptsMax; attempt++) {
    try {
      await append(connection, store, entries);
      return;
    } catch (error) {
      failure = error as Error;
      // A store migrated before the access log existed: retrying cannot help.
      if (missingTableCodes.has((error as { code?: string }).code ?? '')) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  note(
    `warning: the access log did not record this read (${failure?.message ?? 'unknown error'}); ` +
      'run npm run db:migrate if the store predates the access log',
  );
}

function entriesOf(accounts: string[], operation: string): AccessLogEntry[] {
  const accessedAt = new Date().toISOString();
  const correlationId = randomUUID();
  return accounts.map((billingAccountId) => ({
    accessedAt,
    billingAccountId,
    subject: `cli:${os.userInfo().username}`,
    roles: [],
    service: 'cli',
    operation,
    correlationId,
  }));
}

async function append(
  connection: Connection,
  store: SqlEventStore,
  entries: AccessLogEntry[],
): Promise<void> {
  if (connection.kind === 'postgres') {
    const client = new Client({
      connectionString: connection.databaseUrl,
      connectionTimeoutMillis: 10_000,
    });
    await client.connect();
    try {
      await new SqlAccessLogStore(pgExecutor(client)).append(entries);
    } finally {
      await client.end();
    }
    return;
  }
  const db = store.backend;
  await db.query('BEGIN READ WRITE');
  try {
    await new SqlAccessLogStore(db).append(entries);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
