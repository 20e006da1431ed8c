import type { SqlExecutor } from '@billing/event-store';
import type { LedgerEvent } from '@billing/ledger-domain';
import type { TableRows, TableSpec } from '../tables/table-spec';

export const ledgerProjectionNames = [
  'journal',
  'balances',
  'statement',
  'audit_trail',
  'metrics',
  'account_index',
] as const;
export type LedgerProjectionName = (typeof ledgerProjectionNames)[number];

export function isLedgerProjectionName(value: unknown): value is LedgerProjectionName {
  return typeof value === 'string' && (ledgerProjectionNames as readonly string[]).includes(value);
}

/** Versioned table names of one projection version: base name -> `ledger_rm.<name>_v<n>`. */
export type TableNames = Readonly<Record<string, string>>;

/**
 * The entities a batch of events can read or change, named by the events' data. A live batch
 * loads only these rows, folds the batch with the domain projection and writes them back.
 */
export interface BatchKeys {
  accounts: string[];
  invoices: string[];
  payments: string[];
  disputes: string[];
}

/**
 * A ledger read model as the service runs it: the domain fold that computes it, the tables that
 * hold it, and the two ways between them. The accounting lives in the domain projection; this
 * only moves its state in and out of rows.
 *
 * - `initial` + `foldInto` + `drainAppended` + `keyedRows` are all a rebuild needs: it folds the
 *   whole log in memory and writes rows in bulk.
 * - A live batch instead `load`s the part of the state the batch's `BatchKeys` name, folds, and
 *   writes `drainAppended` and `keyedRows` of that partial state. This relies on one rule of the
 *   domain projections: an event's fold reads only the entities its own data names (its billing
 *   account, invoice, payment, dispute) plus small totals loaded whole. The rebuild-versus-live
 *   checksum comparison is what proves it stays true.
 */
export interface LedgerProjectionSpec<State = unknown> {
  name: LedgerProjectionName;
  description: string;
  tables: readonly TableSpec[];
  /** Event types that change this projection; absent: every event that names an account. */
  eventTypes?: ReadonlySet<string>;
  initial(): State;
  foldInto(state: State, events: readonly LedgerEvent[]): void;
  load(db: SqlExecutor, tables: TableNames, keys: BatchKeys): Promise<State>;
  /** Rows of the appended tables produced since the last drain; removes them from `state`. */
  drainAppended(state: State): TableRows;
  /** One row per entity of every keyed table that `state` holds. */
  keyedRows(state: State): TableRows;
}

export function batchKeysOf(events: readonly LedgerEvent[]): BatchKeys {
  const accounts = new Set<string>();
  const invoices = new Set<string>();
  const payments = new Set<string>();
  const disputes = new Set<string>();
  for (const event of events) {
    const data = event.data as Record<string, unknown> | null;
    if (data === null || typeof data !== 'object') continue;
    addString(accounts, data['billingAccountId']);
    addString(invoices, data['invoiceId']);
    addString(payments, data['paymentId']);
    addString(disputes, data['disputeId']);
  }
  return {
    accounts: [...accounts],
    invoices: [...invoices],
    payments: [...payments],
    disputes: [...disputes],
  };
}

function addString(set: Set<string>, value: unknown): void {
  if (typeof value === 'string') set.add(value);
}

/** Reads rows of `table` whose `column` is one of `ids` (none when `ids` is empty). */
export async function rowsWhereIn<Row>(
  db: SqlExecutor,
  table: string,
  columns: string,
  column: string,
  ids: readonly string[],
): Promise<Row[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<Row>(
    `SELECT ${columns} FROM ${table} WHERE ${column} = ANY($1::text[])`,
    [ids],
  );
  return rows;
}

export function tableRows(entries: Array<[string, unknown[][]]>): TableRows {
  return new Map(entries);
}
