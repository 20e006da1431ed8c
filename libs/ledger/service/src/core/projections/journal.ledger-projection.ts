import {
  journalProjection,
  ledgerAccountIds,
  type AccountTotals,
  type IssuedInvoiceFacts,
  type JournalState,
  type LedgerAccountId,
} from '@billing/ledger-domain';
import type { TableSpec } from '../tables/table-spec';
import { rowsWhereIn, tableRows, type LedgerProjectionSpec } from './ledger-projection-spec';
import { ownRecord, putRecord } from './records';

const lines: TableSpec = {
  name: 'journal_lines',
  kind: 'appended',
  columns: [
    { name: 'global_position', type: 'bigint' },
    { name: 'line_no', type: 'integer' },
    { name: 'event_id', type: 'text' },
    { name: 'event_type', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'business_date', type: 'text' },
    { name: 'reference', type: 'text' },
    { name: 'ledger_account', type: 'text' },
    { name: 'side', type: 'text' },
    { name: 'amount', type: 'numeric' },
  ],
  key: ['global_position', 'line_no'],
  indexes: [['billing_account_id', 'global_position']],
};

const totals: TableSpec = {
  name: 'journal_totals',
  kind: 'keyed',
  columns: [
    { name: 'currency', type: 'text' },
    { name: 'ledger_account', type: 'text' },
    { name: 'debit', type: 'numeric' },
    { name: 'credit', type: 'numeric' },
  ],
  key: ['currency', 'ledger_account'],
};

const invoices: TableSpec = {
  name: 'journal_invoices',
  kind: 'keyed',
  columns: [
    { name: 'invoice_id', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'number', type: 'text' },
    { name: 'subtotal', type: 'numeric' },
    { name: 'tax_total', type: 'numeric' },
    { name: 'total', type: 'numeric' },
    { name: 'issue_date', type: 'text' },
    { name: 'voided', type: 'boolean' },
  ],
  key: ['invoice_id'],
};

const journalSkippedTable: TableSpec = {
  name: 'journal_skipped',
  kind: 'appended',
  columns: [
    { name: 'global_position', type: 'bigint' },
    { name: 'event_id', type: 'text' },
    { name: 'event_type', type: 'text' },
    { name: 'reason', type: 'text' },
  ],
  key: ['global_position'],
};

interface TotalsRow {
  currency: string;
  ledger_account: LedgerAccountId;
  debit: string;
  credit: string;
}

interface InvoiceRow {
  invoice_id: string;
  billing_account_id: string;
  currency: string;
  number: string;
  subtotal: string;
  tax_total: string;
  total: string;
  issue_date: string;
  voided: boolean;
}

/** The double-entry journal: one line per debit or credit, running totals per ledger account. */
export const journalLedgerProjection: LedgerProjectionSpec<JournalState> = {
  name: 'journal',
  description: 'Double-entry journal lines and running totals per currency and ledger account',
  tables: [lines, totals, invoices, journalSkippedTable],
  eventTypes: journalProjection.handles,
  initial: () => journalProjection.initial(),
  foldInto: (state, events) => journalProjection.foldInto(state, events),
  async load(db, t, keys) {
    const state = journalProjection.initial();
    // Totals are loaded whole (currencies x seven accounts): every posting checks its currency's.
    const { rows } = await db.query<TotalsRow>(
      `SELECT currency, ledger_account, debit::text AS debit, credit::text AS credit FROM ${t['journal_totals']}`,
    );
    for (const row of rows) {
      const byAccount =
        ownRecord(state.totals, row.currency) ??
        putRecord(state.totals, row.currency, {} as Record<LedgerAccountId, AccountTotals>);
      byAccount[row.ledger_account] = { debit: row.debit, credit: row.credit };
    }
    const invoiceRows = await rowsWhereIn<InvoiceRow>(
      db,
      t['journal_invoices'] as string,
      `invoice_id, billing_account_id, currency, number, subtotal::text AS subtotal,
       tax_total::text AS tax_total, total::text AS total, issue_date, voided`,
      'invoice_id',
      keys.invoices,
    );
    for (const row of invoiceRows) {
      putRecord<IssuedInvoiceFacts>(state.invoices, row.invoice_id, {
        billingAccountId: row.billing_account_id,
        currency: row.currency,
        number: row.number,
        subtotal: row.subtotal,
        taxTotal: row.tax_total,
        total: row.total,
        issueDate: row.issue_date,
        voided: row.voided,
      });
    }
    return state;
  },
  drainAppended(state) {
    const lineRows = state.entries.flatMap((entry) =>
      entry.lines.map((line, index) => [
        entry.globalPosition,
        index + 1,
        entry.eventId,
        entry.eventType,
        entry.billingAccountId,
        entry.currency,
        entry.businessDate,
        entry.reference,
        line.ledgerAccount,
        line.side,
        line.amount,
      ]),
    );
    const skippedRows = state.skipped.map((s) => [
      s.globalPosition,
      s.eventId,
      s.eventType,
      s.reason,
    ]);
    state.entries.length = 0;
    state.skipped.length = 0;
    return tableRows([
      ['journal_lines', lineRows],
      ['journal_skipped', skippedRows],
    ]);
  },
  keyedRows(state) {
    const totalRows = Object.entries(state.totals).flatMap(([currency, byAccount]) =>
      ledgerAccountIds.map((id) => [currency, id, byAccount[id].debit, byAccount[id].credit]),
    );
    const invoiceRows = Object.entries(state.invoices).map(([invoiceId, f]) => [
      invoiceId,
      f.billingAccountId,
      f.currency,
      f.number,
      f.subtotal,
      f.taxTotal,
      f.total,
      f.issueDate,
      f.voided,
    ]);
    return tableRows([
      ['journal_totals', totalRows],
      ['journal_invoices', invoiceRows],
    ]);
  },
};
