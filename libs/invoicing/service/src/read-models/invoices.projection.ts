import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import type { InvoiceEvent } from '@billing/contracts';
import { Money } from '@billing/money';
import type { Projection } from '@billing/read-models';

/**
 * `invoicing_rm.invoices` (one row per invoice: lines, totals, open amount, status) and
 * `invoicing_rm.invoice_history` (one row per event, with who and why).
 */
export const invoicesProjection: Projection = {
  name: 'invoicing.invoices.v1',
  filter: { categories: ['invoice'] },
  apply: async (event, db) => {
    const e = event as RecordedEvent & InvoiceEvent;
    await applyInvoiceEvent(e, db);
    await recordHistory([e], db);
  },
  // The invoice rows event by event (each depends on the last), the history in one INSERT.
  applyBatch: async (events, db) => {
    const invoiceEvents = events as Array<RecordedEvent & InvoiceEvent>;
    for (const event of invoiceEvents) await applyInvoiceEvent(event, db);
    await recordHistory(invoiceEvents, db);
  },
};

/** The data of one kind of invoice event. */
type InvoiceEventData<T extends InvoiceEvent['type']> = Extract<InvoiceEvent, { type: T }>['data'];

/** Sets columns of the event's invoice row (values from $3) and its stream version. */
type SetColumns = (assignments: string, values: unknown[]) => Promise<unknown>;

async function applyInvoiceEvent(
  event: RecordedEvent & InvoiceEvent,
  db: SqlExecutor,
): Promise<void> {
  const version = event.streamVersion;
  const set = (assignments: string, values: unknown[]) =>
    db.query(
      `UPDATE invoicing_rm.invoices SET ${assignments}, stream_version = $2 WHERE invoice_id = $1`,
      [event.data.invoiceId, version, ...values],
    );
  switch (event.type) {
    case 'InvoiceDrafted':
      return insertDraft(db, version, event.data);
    case 'InvoiceDraftUpdated':
      return updateDraft(set, event.data);
    case 'InvoiceReviewed':
      await set('last_review = $3', [
        JSON.stringify({
          ready: event.data.ready,
          problems: event.data.problems,
          reviewedAt: event.data.reviewedAt,
        }),
      ]);
      return;
    case 'InvoiceIssued':
      return markIssued(set, event.data);
    case 'InvoiceSent':
      await set('sent_at = $3', [event.data.sentAt]);
      return;
    case 'PaymentAllocationApplied':
    case 'PaymentAllocationReversed':
    case 'CreditNoteIssued':
    case 'InvoiceWrittenOff':
      await set('amount_open = $3, status = $4', [event.data.amountOpen, event.data.status]);
      return;
    case 'PaymentAllocationRejected':
      return;
    case 'InvoiceVoided': {
      const row = await db.query<{ currency: string }>(
        'SELECT currency FROM invoicing_rm.invoices WHERE invoice_id = $1',
        [event.data.invoiceId],
      );
      const currency = row.rows[0]?.currency;
      await set(`status = 'voided', amount_open = $3`, [
        currency ? Money.zero(currency).amount : null,
      ]);
      return;
    }
  }
}

async function updateDraft(
  set: SetColumns,
  d: InvoiceEventData<'InvoiceDraftUpdated'>,
): Promise<void> {
  await set(
    'subtotal = $3, tax_total = $4, total = $5, purchase_order_number = $6, memo = $7, lines = $8, last_review = NULL',
    [
      d.subtotal,
      d.taxTotal,
      d.total,
      d.purchaseOrderNumber ?? null,
      d.memo ?? null,
      JSON.stringify(d.lines),
    ],
  );
}

async function markIssued(set: SetColumns, d: InvoiceEventData<'InvoiceIssued'>): Promise<void> {
  await set(
    `status = 'issued', number = $3, issue_date = $4, due_date = $5, subtotal = $6, tax_total = $7,
     total = $8, amount_open = $8, lines = $9`,
    [d.number, d.issueDate, d.dueDate, d.subtotal, d.taxTotal, d.total, JSON.stringify(d.lines)],
  );
}

async function insertDraft(
  db: SqlExecutor,
  version: number,
  d: InvoiceEventData<'InvoiceDrafted'>,
): Promise<void> {
  await db.query(
    `INSERT INTO invoicing_rm.invoices (invoice_id, billing_account_id, status, currency, subtotal,
       tax_total, total, purchase_order_number, corrects_invoice_id, memo, lines, stream_version)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (invoice_id) DO NOTHING`,
    [
      d.invoiceId,
      d.billingAccountId,
      d.currency,
      d.subtotal,
      d.taxTotal,
      d.total,
      d.purchaseOrderNumber ?? null,
      d.correctsInvoiceId ?? null,
      d.memo ?? null,
      JSON.stringify(d.lines),
      version,
    ],
  );
}

async function recordHistory(
  events: Array<RecordedEvent & InvoiceEvent>,
  db: SqlExecutor,
): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO invoicing_rm.invoice_history (invoice_id, stream_version, event_id, type, occurred_at,
       recorded_at, actor_id, correlation_id, details)
     SELECT i, v, ev, t, o, r, a, c, d::jsonb
       FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::text[]) AS u(i, v, ev, t, o, r, a, c, d)
     ON CONFLICT DO NOTHING`,
    [
      events.map((e) => e.data.invoiceId),
      events.map((e) => e.streamVersion),
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.occurredAt),
      events.map((e) => e.recordedAt),
      events.map((e) => e.metadata.actor.id),
      events.map((e) => e.metadata.correlationId),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
}
