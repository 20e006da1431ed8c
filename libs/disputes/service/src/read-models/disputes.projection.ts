import { loadAggregate, type EventStore, type RecordedEvent } from '@billing/event-store';
import { disputeStream, disputesStreamCategories } from '@billing/contracts';
import { disputeDecider } from '@billing/disputes-domain';
import type { Projection } from '@billing/read-models';

const streamPrefix = `${disputesStreamCategories.dispute}-`;

/**
 * `disputes_rm.disputes`: one row per dispute, its folded stream (streams are bounded by the
 * decider), so the row never disagrees with the decider about an amount or a status. An older
 * version never overwrites a newer one.
 */
export function disputesProjection(store: EventStore): Projection {
  return {
    name: 'disputes.disputes.v1',
    filter: { categories: [disputesStreamCategories.dispute] },
    apply: async (event: RecordedEvent, db) => {
      const disputeId = event.streamId.slice(streamPrefix.length);
      const { state, streamVersion } = await loadAggregate(
        store,
        disputeDecider,
        disputeStream(disputeId),
      );
      if (state.status === 'none') return;
      await db.query(
        `INSERT INTO disputes_rm.disputes (dispute_id, billing_account_id, invoice_id, invoice_number, scope,
           line_ids, amount, currency, reason_category, source, chargeback_reference, status, owner, department,
           opened_at, resolution_due_date, escalated, outcome, accepted_amount, released_amount, resolved_at,
           stream_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
         ON CONFLICT (dispute_id) DO UPDATE SET status = EXCLUDED.status, owner = EXCLUDED.owner,
           department = EXCLUDED.department, escalated = EXCLUDED.escalated, outcome = EXCLUDED.outcome,
           accepted_amount = EXCLUDED.accepted_amount, released_amount = EXCLUDED.released_amount,
           resolved_at = EXCLUDED.resolved_at, stream_version = EXCLUDED.stream_version
         WHERE disputes_rm.disputes.stream_version <= EXCLUDED.stream_version`,
        [
          state.disputeId,
          state.billingAccountId,
          state.invoiceId,
          state.invoiceNumber,
          state.scope,
          JSON.stringify(state.lineIds),
          state.amount,
          state.currency,
          state.reasonCategory,
          state.source,
          state.chargebackReference,
          state.status,
          state.owner,
          state.department,
          state.openedAt,
          state.resolutionDueDate,
          state.escalated,
          state.outcome,
          state.acceptedAmount,
          state.releasedAmount,
          state.resolvedAt,
          streamVersion,
        ],
      );
    },
  };
}
