import {
  statementProjection,
  type StatementLine,
  type StatementLineKind,
  type StatementState,
} from '@billing/ledger-domain';
import type { TableSpec } from '../tables/table-spec';
import { rowsWhereIn, tableRows, type LedgerProjectionSpec } from './ledger-projection-spec';
import { ownRecord, putRecord } from './records';

const lines: TableSpec = {
  name: 'statement_lines',
  kind: 'appended',
  columns: [
    { name: 'global_position', type: 'bigint' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'kind', type: 'text' },
    { name: 'business_date', type: 'text' },
    { name: 'event_id', type: 'text' },
    { name: 'reference', type: 'text' },
    { name: 'document_id', type: 'text' },
    { name: 'description', type: 'text' },
    { name: 'amount', type: 'numeric' },
  ],
  key: ['global_position'],
  indexes: [['billing_account_id', 'business_date']],
};

const invoices: TableSpec = {
  name: 'statement_invoices',
  kind: 'keyed',
  columns: [
    { name: 'invoice_id', type: 'text' },
    { name: 'number', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'total', type: 'numeric' },
    { name: 'voided', type: 'boolean' },
  ],
  key: ['invoice_id'],
};

const payments: TableSpec = {
  name: 'statement_payments',
  kind: 'keyed',
  columns: [
    { name: 'payment_id', type: 'text' },
    { name: 'external_reference', type: 'text' },
  ],
  key: ['payment_id'],
};

export const statementLineColumns = `global_position::text AS global_position, billing_account_id,
  currency, kind, business_date, event_id, reference, document_id, description, amount::text AS amount`;

export interface StatementLineRow {
  global_position: string;
  billing_account_id: string;
  currency: string;
  kind: StatementLineKind;
  business_date: string;
  event_id: string;
  reference: string;
  document_id: string;
  description: string;
  amount: string;
}

/** A StatementState holding the given lines (what the domain's customerStatement reads). */
export function statementWithLines(rows: readonly StatementLineRow[]): StatementState {
  const state = statementProjection.initial();
  for (const row of rows) {
    const byCurrency =
      ownRecord(state.accounts, row.billing_account_id) ??
      putRecord(state.accounts, row.billing_account_id, {} as Record<string, StatementLine[]>);
    const list = ownRecord(byCurrency, row.currency) ?? putRecord(byCurrency, row.currency, []);
    list.push({
      kind: row.kind,
      businessDate: row.business_date,
      globalPosition: Number(row.global_position),
      eventId: row.event_id,
      reference: row.reference,
      documentId: row.document_id,
      description: row.description,
      amount: row.amount,
    });
  }
  return state;
}

/** Customer statements: every movement of what each account owes, dated by business date. */
export const statementLedgerProjection: LedgerProjectionSpec<StatementState> = {
  name: 'statement',
  description: 'Statement lines per account and currency (invoices, credits, payments, reversals)',
  tables: [lines, invoices, payments],
  eventTypes: statementProjection.handles,
  initial: () => statementProjection.initial(),
  foldInto: (state, events) => statementProjection.foldInto(state, events),
  async load(db, t, keys) {
    const state = statementProjection.initial();
    const invoiceRows = await rowsWhereIn<{
      invoice_id: string;
      number: string;
      billing_account_id: string;
      currency: string;
      total: string;
      voided: boolean;
    }>(
      db,
      t['statement_invoices'] as string,
      'invoice_id, number, billing_account_id, currency, total::text AS total, voided',
      'invoice_id',
      keys.invoices,
    );
    for (const row of invoiceRows) {
      putRecord(state.invoices, row.invoice_id, {
        number: row.number,
        billingAccountId: row.billing_account_id,
        currency: row.currency,
        total: row.total,
        voided: row.voided,
      });
    }
    const paymentRows = await rowsWhereIn<{ payment_id: string; external_reference: string }>(
      db,
      t['statement_payments'] as string,
      'payment_id, external_reference',
      'payment_id',
      keys.payments,
    );
    for (const row of paymentRows)
      putRecord(state.payments, row.payment_id, { externalReference: row.external_reference });
    return state;
  },
  drainAppended(state) {
    const rows: unknown[][] = [];
    for (const [billingAccountId, byCurrency] of Object.entries(state.accounts)) {
      for (const [currency, list] of Object.entries(byCurrency)) {
        for (const l of list) {
          rows.push([
            l.globalPosition,
            billingAccountId,
            currency,
            l.kind,
            l.businessDate,
            l.eventId,
            l.reference,
            l.documentId,
            l.description,
            l.amount,
          ]);
        }
      }
    }
    state.accounts = {};
    return tableRows([['statement_lines', rows]]);
  },
  keyedRows(state) {
    return tableRows([
      [
        'statement_invoices',
        Object.entries(state.invoices).map(([invoiceId, i]) => [
          invoiceId,
          i.number,
          i.billingAccountId,
          i.currency,
          i.total,
          i.voided,
        ]),
      ],
      [
        'statement_payments',
        Object.entries(state.payments).map(([paymentId, p]) => [paymentId, p.externalReference]),
      ],
    ]);
  },
};
