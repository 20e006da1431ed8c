import {
  followPayment,
  type AsOf,
  type PaymentFollowUp,
  type PaymentTrail,
} from '@billing/ledger-domain';
import { accountOfPayment, logPositionAt, replayAccount } from '../../../../core/as-of/replay';
import {
  auditEntryColumns,
  auditTrailWith,
  type AuditEntryRow,
} from '../../../../core/projections/audit-trail.ledger-projection';
import type { ComputedAt, LedgerQueryContext } from '../../../../core/queries/ledger-query-context';

type PaymentTrailAnswer = { payment: PaymentFollowUp | null; computedAt: ComputedAt };

/** A payment from receipt to its allocations and the invoices they reached; null if unknown. */
export async function paymentTrailQuery(
  ledger: LedgerQueryContext,
  paymentId: string,
  asOf?: AsOf,
): Promise<PaymentTrailAnswer> {
  if (asOf) return paymentTrailReplayed(ledger, paymentId, asOf);
  const { tables, computedAt } = await ledger.live('audit_trail');
  const trails = await ledger.db.query<{ trail: PaymentTrail }>(
    `SELECT trail FROM ${tables('payment_trails', 'audit_trail')} WHERE payment_id = $1`,
    [paymentId],
  );
  const trail = trails.rows[0]?.trail;
  if (trail === undefined) return { payment: null, computedAt };
  const allocations = Object.values(trail.allocations);
  const eventIds = [
    ...(trail.receiptEventId ? [trail.receiptEventId] : []),
    ...allocations.flatMap((a) => a.eventIds),
    ...trail.refunds.map((r) => r.eventId),
    ...(trail.reversalEventId ? [trail.reversalEventId] : []),
    ...trail.confirmationEventIds,
  ];
  const entries = await ledger.db.query<AuditEntryRow>(
    `SELECT ${auditEntryColumns} FROM ${tables('audit_trail', 'audit_trail')} t
      WHERE event_id = ANY($1::text[]) ORDER BY t.global_position`,
    [eventIds],
  );
  const numbers = await ledger.db.query<{ invoice_id: string; number: string }>(
    `SELECT invoice_id, number FROM ${tables('audit_invoices', 'audit_trail')}
      WHERE invoice_id = ANY($1::text[])`,
    [allocations.map((a) => a.invoiceId)],
  );
  const state = auditTrailWith(entries.rows, [trail], numbers.rows);
  return { payment: followPayment(state, paymentId), computedAt };
}

async function paymentTrailReplayed(
  ledger: LedgerQueryContext,
  paymentId: string,
  asOf: AsOf,
): Promise<PaymentTrailAnswer> {
  const billingAccountId = await accountOfPayment(ledger.db, paymentId);
  if (billingAccountId === null)
    return {
      payment: null,
      computedAt: {
        source: 'replay',
        asOf,
        position: await logPositionAt(ledger.db, asOf),
        eventsReplayed: 0,
      },
    };
  const { state, replayed } = await replayAccount({
    ...ledger.replayOptions(),
    billingAccountId,
    asOf,
    parts: ['auditTrail'],
  });
  return {
    payment: followPayment(state.auditTrail, paymentId),
    computedAt: { source: 'replay', ...replayed },
  };
}
