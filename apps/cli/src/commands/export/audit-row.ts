import type { LedgerEvent } from '@billing/ledger-domain';
import { billingAccountOf } from '@billing/ledger-domain';
import type { CsvColumn } from '@billing/csv';

/** One event of the audit trail as exported: who, when (both clocks), why, where, what. */
export interface AuditRow {
  globalPosition: number;
  recordedAt: string;
  occurredAt: string;
  eventType: string;
  schemaVersion: number | null;
  streamId: string;
  streamVersion: number;
  eventId: string;
  billingAccountId: string;
  actorId: string;
  actorRoles: string[];
  service: string;
  correlationId: string;
  causationId: string | null;
  idempotencyKey: string | null;
  currency: string | null;
  amount: string | null;
  reference: string | null;
  memo: string | null;
  data: unknown;
}

/** The document a person recognises, first match: number, bank reference, invoice number... */
const referenceFields = [
  'number',
  'externalReference',
  'invoiceNumber',
  'reference',
  'chargebackReference',
  'paymentReference',
  'purchaseOrderNumber',
] as const;

/** Free text people wrote or chose, every one present, joined with " | ". */
const memoFields = [
  'memo',
  'reason',
  'reasonDescription',
  'message',
  'text',
  'customerStatement',
  'description',
] as const;

/** The event's headline amount, first match. */
const amountFields = [
  'amount',
  'total',
  'amountApplied',
  'amountReversed',
  'acceptedAmount',
] as const;

function stringField(data: Record<string, unknown>, field: string): string | null {
  const value = data[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

function firstOf(data: Record<string, unknown>, fields: readonly string[]): string | null {
  for (const field of fields) {
    const value = stringField(data, field);
    if (value !== null) return value;
  }
  return null;
}

/** The row of an event that names a billing account; null for any other event. */
export function auditRowOf(event: LedgerEvent): AuditRow | null {
  const billingAccountId = billingAccountOf(event);
  if (billingAccountId === null) return null;
  const data = event.data as Record<string, unknown>;
  const memos = memoFields
    .map((field) => stringField(data, field))
    .filter((value): value is string => value !== null);
  return {
    globalPosition: event.globalPosition,
    recordedAt: event.recordedAt,
    occurredAt: event.occurredAt,
    eventType: event.type,
    schemaVersion: event.schemaVersion ?? null,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    billingAccountId,
    actorId: event.metadata.actor.id,
    actorRoles: [...event.metadata.actor.roles],
    service: event.metadata.service,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    idempotencyKey: event.metadata.idempotencyKey ?? null,
    currency: stringField(data, 'currency'),
    amount: firstOf(data, amountFields),
    reference: firstOf(data, referenceFields),
    memo: memos.length === 0 ? null : [...new Set(memos)].join(' | '),
    data: event.data,
  };
}

export const auditCsvColumns: ReadonlyArray<CsvColumn<AuditRow>> = [
  { header: 'globalPosition', kind: 'number', value: (r) => r.globalPosition },
  { header: 'recordedAt', kind: 'text', value: (r) => r.recordedAt },
  { header: 'occurredAt', kind: 'text', value: (r) => r.occurredAt },
  { header: 'eventType', kind: 'text', value: (r) => r.eventType },
  { header: 'schemaVersion', kind: 'number', value: (r) => r.schemaVersion },
  { header: 'streamId', kind: 'text', value: (r) => r.streamId },
  { header: 'streamVersion', kind: 'number', value: (r) => r.streamVersion },
  { header: 'eventId', kind: 'text', value: (r) => r.eventId },
  { header: 'billingAccountId', kind: 'text', value: (r) => r.billingAccountId },
  { header: 'actorId', kind: 'text', value: (r) => r.actorId },
  { header: 'actorRoles', kind: 'text', value: (r) => r.actorRoles.join(' ') },
  { header: 'service', kind: 'text', value: (r) => r.service },
  { header: 'correlationId', kind: 'text', value: (r) => r.correlationId },
  { header: 'causationId', kind: 'text', value: (r) => r.causationId },
  { header: 'idempotencyKey', kind: 'text', value: (r) => r.idempotencyKey },
  { header: 'currency', kind: 'text', value: (r) => r.currency },
  { header: 'amount', kind: 'number', value: (r) => r.amount },
  { header: 'reference', kind: 'text', value: (r) => r.reference },
  { header: 'memo', kind: 'text', value: (r) => r.memo },
  { header: 'data', kind: 'text', value: (r) => JSON.stringify(r.data) },
];
