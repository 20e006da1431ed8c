import {
  auditTrailProjection,
  type AuditEntry,
  type AuditTrailState,
  type PaymentTrail,
} from '@billing/ledger-domain';
import type { TableSpec } from '../tables/table-spec';
import { rowsWhereIn, tableRows, type LedgerProjectionSpec } from './ledger-projection-spec';
import { ownRecord, putRecord } from './records';

const entries: TableSpec = {
  name: 'audit_trail',
  kind: 'appended',
  columns: [
    { name: 'global_position', type: 'bigint' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'event_id', type: 'text' },
    { name: 'type', type: 'text' },
    { name: 'actor_id', type: 'text' },
    { name: 'actor_roles', type: 'jsonb' },
    { name: 'service', type: 'text' },
    { name: 'recorded_at', type: 'text' },
    { name: 'occurred_at', type: 'text' },
    { name: 'correlation_id', type: 'text' },
    { name: 'causation_id', type: 'text', nullable: true },
    { name: 'stream_id', type: 'text' },
    { name: 'stream_version', type: 'bigint' },
  ],
  key: ['global_position'],
  indexes: [['billing_account_id', 'global_position'], ['correlation_id'], ['event_id']],
};

const trails: TableSpec = {
  name: 'payment_trails',
  kind: 'keyed',
  columns: [
    { name: 'payment_id', type: 'text' },
    { name: 'billing_account_id', type: 'text' },
    { name: 'trail', type: 'jsonb' },
  ],
  key: ['payment_id'],
};

const invoiceNumbers: TableSpec = {
  name: 'audit_invoices',
  kind: 'keyed',
  columns: [
    { name: 'invoice_id', type: 'text' },
    { name: 'number', type: 'text' },
  ],
  key: ['invoice_id'],
};

export const auditEntryColumns = `global_position::text AS global_position, billing_account_id,
  event_id, type, actor_id, actor_roles, service, recorded_at, occurred_at, correlation_id,
  causation_id, stream_id, stream_version::text AS stream_version`;

export interface AuditEntryRow {
  global_position: string;
  billing_account_id: string;
  event_id: string;
  type: string;
  actor_id: string;
  actor_roles: string[];
  service: string;
  recorded_at: string;
  occurred_at: string;
  correlation_id: string;
  causation_id: string | null;
  stream_id: string;
  stream_version: string;
}

export function auditEntryOf(row: AuditEntryRow): AuditEntry {
  return {
    eventId: row.event_id,
    type: row.type,
    actorId: row.actor_id,
    actorRoles: row.actor_roles,
    service: row.service,
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.global_position),
  };
}

/**
 * An AuditTrailState holding the given entries, trails and invoice numbers: enough for the
 * domain's `followPayment` to link a receipt to its allocations and invoices.
 */
export function auditTrailWith(
  rows: readonly AuditEntryRow[],
  paymentTrails: readonly PaymentTrail[],
  numbers: ReadonlyArray<{ invoice_id: string; number: string }>,
): AuditTrailState {
  const state = auditTrailProjection.initial();
  for (const row of rows) {
    const list =
      ownRecord(state.accounts, row.billing_account_id) ??
      putRecord(state.accounts, row.billing_account_id, [] as AuditEntry[]);
    putRecord(state.eventIndex, row.event_id, {
      billingAccountId: row.billing_account_id,
      index: list.length,
    });
    list.push(auditEntryOf(row));
  }
  for (const trail of paymentTrails) putRecord(state.payments, trail.paymentId, trail);
  for (const row of numbers) putRecord(state.invoiceNumbers, row.invoice_id, row.number);
  return state;
}

/** The audit trail: every event that names a billing account, and each payment's trail. */
export const auditTrailLedgerProjection: LedgerProjectionSpec<AuditTrailState> = {
  name: 'audit_trail',
  description:
    'Every event touching an account (actor, times, correlation, causation), payment trails',
  tables: [entries, trails, invoiceNumbers],
  initial: () => auditTrailProjection.initial(),
  foldInto: (state, events) => auditTrailProjection.foldInto(state, events),
  async load(db, t, keys) {
    const state = auditTrailProjection.initial();
    const trailRows = await rowsWhereIn<{ payment_id: string; trail: PaymentTrail }>(
      db,
      t['payment_trails'] as string,
      'payment_id, trail',
      'payment_id',
      keys.payments,
    );
    for (const row of trailRows) putRecord(state.payments, row.payment_id, row.trail);
    const numberRows = await rowsWhereIn<{ invoice_id: string; number: string }>(
      db,
      t['audit_invoices'] as string,
      'invoice_id, number',
      'invoice_id',
      keys.invoices,
    );
    for (const row of numberRows) putRecord(state.invoiceNumbers, row.invoice_id, row.number);
    return state;
  },
  drainAppended(state) {
    const rows: unknown[][] = [];
    for (const [billingAccountId, list] of Object.entries(state.accounts)) {
      for (const e of list) {
        rows.push([
          e.globalPosition,
          billingAccountId,
          e.eventId,
          e.type,
          e.actorId,
          e.actorRoles,
          e.service,
          e.recordedAt,
          e.occurredAt,
          e.correlationId,
          e.causationId,
          e.streamId,
          e.streamVersion,
        ]);
      }
    }
    // The index points into the lists just drained; persisted entries are found by event id.
    state.accounts = {};
    state.eventIndex = {};
    return tableRows([['audit_trail', rows]]);
  },
  keyedRows(state) {
    return tableRows([
      [
        'payment_trails',
        Object.values(state.payments).map((trail) => [
          trail.paymentId,
          trail.billingAccountId,
          trail,
        ]),
      ],
      [
        'audit_invoices',
        Object.entries(state.invoiceNumbers).map(([invoiceId, number]) => [invoiceId, number]),
      ],
    ]);
  },
};
