import type { SqlExecutor } from '@billing/event-store';
import {
  balancesProjection,
  type AccountBalance,
  type AccountCounts,
  type BalancesState,
  type InvoiceBalance,
  type InvoiceMovement,
  type PaymentBalance,
} from '@billing/ledger-domain';
import type { TableSpec } from '../tables/table-spec';
import { rowsWhereIn, tableRows, type LedgerProjectionSpec } from './ledger-projection-spec';
import { ownRecord, putRecord } from './records';

const accountFigures = [
  ['invoiced', 'invoiced'],
  ['voided', 'voided'],
  ['credited', 'credited'],
  ['paid', 'paid'],
  ['written_off', 'writtenOff'],
  ['received', 'received'],
  ['refunded', 'refunded'],
  ['reversed', 'reversed'],
  ['unapplied_credit', 'unappliedCredit'],
  ['open_receivable', 'openReceivable'],
  ['balance_due', 'balanceDue'],
] as const;

const balances: TableSpec = {
  name: 'balances',
  kind: 'keyed',
  columns: [
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    ...accountFigures.map(([column]) => ({ name: column, type: 'numeric' as const })),
    { name: 'counts', type: 'jsonb' },
  ],
  key: ['billing_account_id', 'currency'],
};

/** Receivable items: each issued invoice with its dated movements, for aging and metrics. */
const receivables: TableSpec = {
  name: 'receivables',
  kind: 'keyed',
  columns: [
    { name: 'invoice_id', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'number', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'issue_date', type: 'text' },
    { name: 'due_date', type: 'text' },
    { name: 'total', type: 'numeric' },
    { name: 'subtotal', type: 'numeric' },
    { name: 'tax_total', type: 'numeric' },
    { name: 'status', type: 'text' },
    { name: 'credited', type: 'numeric' },
    { name: 'paid', type: 'numeric' },
    { name: 'written_off', type: 'numeric' },
    { name: 'voided', type: 'boolean' },
    { name: 'amount_open', type: 'numeric' },
    { name: 'reported_amount_open', type: 'numeric' },
    { name: 'fully_paid_on', type: 'text', nullable: true },
    { name: 'movements', type: 'jsonb' },
  ],
  key: ['invoice_id'],
  indexes: [['billing_account_id', 'issue_date'], ['issue_date']],
};

const payments: TableSpec = {
  name: 'payment_balances',
  kind: 'keyed',
  columns: [
    { name: 'payment_id', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'currency', type: 'text' },
    { name: 'external_reference', type: 'text' },
    { name: 'received_date', type: 'text' },
    { name: 'amount', type: 'numeric' },
    { name: 'paid', type: 'numeric' },
    { name: 'refunded', type: 'numeric' },
    { name: 'reversed', type: 'numeric' },
    { name: 'unapplied', type: 'numeric' },
  ],
  key: ['payment_id'],
  indexes: [['billing_account_id']],
};

const skipped: TableSpec = {
  name: 'balances_skipped',
  kind: 'appended',
  columns: [
    { name: 'global_position', type: 'bigint' },
    { name: 'event_id', type: 'text' },
    { name: 'event_type', type: 'text' },
    { name: 'reason', type: 'text' },
  ],
  key: ['global_position'],
};

export const balanceColumns = `billing_account_id, currency, ${accountFigures
  .map(([column]) => `${column}::text AS ${column}`)
  .join(', ')}, counts`;

export type BalanceRow = Record<(typeof accountFigures)[number][0], string> & {
  billing_account_id: string;
  currency: string;
  counts: AccountCounts;
};

export function accountBalanceOf(row: BalanceRow): AccountBalance {
  const balance = {
    billingAccountId: row.billing_account_id,
    currency: row.currency,
  } as AccountBalance;
  for (const [column, field] of accountFigures) balance[field] = row[column];
  balance.counts = row.counts;
  return balance;
}

export const receivableColumns = `invoice_id, billing_account_id, number, currency, issue_date, due_date,
  total::text AS total, subtotal::text AS subtotal, tax_total::text AS tax_total, status,
  credited::text AS credited, paid::text AS paid, written_off::text AS written_off, voided,
  amount_open::text AS amount_open, reported_amount_open::text AS reported_amount_open,
  fully_paid_on, movements`;

export interface ReceivableRow {
  invoice_id: string;
  billing_account_id: string;
  number: string;
  currency: string;
  issue_date: string;
  due_date: string;
  total: string;
  subtotal: string;
  tax_total: string;
  status: string;
  credited: string;
  paid: string;
  written_off: string;
  voided: boolean;
  amount_open: string;
  reported_amount_open: string;
  fully_paid_on: string | null;
  movements: InvoiceMovement[];
}

function invoiceBalanceOf(row: ReceivableRow): InvoiceBalance {
  return {
    invoiceId: row.invoice_id,
    billingAccountId: row.billing_account_id,
    number: row.number,
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    total: row.total,
    subtotal: row.subtotal,
    taxTotal: row.tax_total,
    status: row.status,
    credited: row.credited,
    paid: row.paid,
    writtenOff: row.written_off,
    voided: row.voided,
    amountOpen: row.amount_open,
    reportedAmountOpen: row.reported_amount_open,
    fullyPaidOn: row.fully_paid_on,
    movements: row.movements,
  };
}

const paymentColumns = `payment_id, billing_account_id, currency, external_reference, received_date,
  amount::text AS amount, paid::text AS paid, refunded::text AS refunded, reversed::text AS reversed,
  unapplied::text AS unapplied`;

interface PaymentRow {
  payment_id: string;
  billing_account_id: string;
  currency: string;
  external_reference: string;
  received_date: string;
  amount: string;
  paid: string;
  refunded: string;
  reversed: string;
  unapplied: string;
}

/** A BalancesState holding the given receivables only (what aging and metrics read). */
export function balancesWithInvoices(rows: readonly ReceivableRow[]): BalancesState {
  const state = balancesProjection.initial();
  for (const row of rows) putRecord(state.invoices, row.invoice_id, invoiceBalanceOf(row));
  return state;
}

async function load(
  db: SqlExecutor,
  t: Readonly<Record<string, string>>,
  keys: { accounts: string[]; invoices: string[]; payments: string[] },
): Promise<BalancesState> {
  const state = balancesProjection.initial();
  const accountRows = await rowsWhereIn<BalanceRow>(
    db,
    t['balances'] as string,
    balanceColumns,
    'billing_account_id',
    keys.accounts,
  );
  for (const row of accountRows) {
    const byCurrency =
      ownRecord(state.accounts, row.billing_account_id) ??
      putRecord(state.accounts, row.billing_account_id, {} as Record<string, AccountBalance>);
    putRecord(byCurrency, row.currency, accountBalanceOf(row));
  }
  const invoiceRows = await rowsWhereIn<ReceivableRow>(
    db,
    t['receivables'] as string,
    receivableColumns,
    'invoice_id',
    keys.invoices,
  );
  for (const row of invoiceRows) putRecord(state.invoices, row.invoice_id, invoiceBalanceOf(row));
  const paymentRows = await rowsWhereIn<PaymentRow>(
    db,
    t['payment_balances'] as string,
    paymentColumns,
    'payment_id',
    keys.payments,
  );
  for (const row of paymentRows) {
    putRecord<PaymentBalance>(state.payments, row.payment_id, {
      paymentId: row.payment_id,
      billingAccountId: row.billing_account_id,
      currency: row.currency,
      externalReference: row.external_reference,
      receivedDate: row.received_date,
      amount: row.amount,
      paid: row.paid,
      refunded: row.refunded,
      reversed: row.reversed,
      unapplied: row.unapplied,
    });
  }
  return state;
}

/** Balances per account and currency, per invoice (receivables) and per payment. */
export const balancesLedgerProjection: LedgerProjectionSpec<BalancesState> = {
  name: 'balances',
  description:
    'Balances per billing account and currency, receivables with dated movements, payments',
  tables: [balances, receivables, payments, skipped],
  eventTypes: balancesProjection.handles,
  initial: () => balancesProjection.initial(),
  foldInto: (state, events) => balancesProjection.foldInto(state, events),
  load,
  drainAppended(state) {
    const rows = state.skipped.map((s) => [s.globalPosition, s.eventId, s.eventType, s.reason]);
    state.skipped.length = 0;
    return tableRows([['balances_skipped', rows]]);
  },
  keyedRows(state) {
    const accountRows = Object.values(state.accounts).flatMap((byCurrency) =>
      Object.values(byCurrency).map((b) => [
        b.billingAccountId,
        b.currency,
        ...accountFigures.map(([, field]) => b[field]),
        b.counts,
      ]),
    );
    const invoiceRows = Object.values(state.invoices).map((i) => [
      i.invoiceId,
      i.billingAccountId,
      i.number,
      i.currency,
      i.issueDate,
      i.dueDate,
      i.total,
      i.subtotal,
      i.taxTotal,
      i.status,
      i.credited,
      i.paid,
      i.writtenOff,
      i.voided,
      i.amountOpen,
      i.reportedAmountOpen,
      i.fullyPaidOn,
      i.movements,
    ]);
    const paymentRows = Object.values(state.payments).map((p) => [
      p.paymentId,
      p.billingAccountId,
      p.currency,
      p.externalReference,
      p.receivedDate,
      p.amount,
      p.paid,
      p.refunded,
      p.reversed,
      p.unapplied,
    ]);
    return tableRows([
      ['balances', accountRows],
      ['receivables', invoiceRows],
      ['payment_balances', paymentRows],
    ]);
  },
};
