import { loadAggregate, type RecordedEvent } from '@billing/event-store';
import { paymentStream, type PaymentConfirmationIssued } from '@billing/contracts';
import { balancesOf, paymentDecider } from '@billing/payments-domain';
import type { Projection } from '@billing/read-models';
import type { EventStore } from '@billing/event-store';

/**
 * `payments_rm.payments`: one row per payment with its balances and allocations. The row is the
 * payment's folded stream (streams are short and bounded), so it can never disagree with the
 * decider about a balance. Version 2 added what chargebacks took back; the new name replays every
 * payment from the start of the store.
 */
export function paymentsProjection(store: EventStore): Projection {
  return {
    name: 'payments.payments.v2',
    filter: { categories: ['payment'] },
    apply: async (event: RecordedEvent, db) => {
      const paymentId = event.streamId.slice('payment-'.length);
      const { state, streamVersion } = await loadAggregate(
        store,
        paymentDecider,
        paymentStream(paymentId),
      );
      if (state.status === 'none') return;
      const b = balancesOf(state);
      const confirmation =
        event.type === 'PaymentConfirmationIssued'
          ? JSON.stringify(event.data as PaymentConfirmationIssued)
          : null;
      await db.query(
        `INSERT INTO payments_rm.payments (payment_id, billing_account_id, currency, amount, applied, pending,
           unapplied, refunded, reversed, status, method, external_reference, received_date, allocations,
           confirmation, stream_version, charged_back)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (payment_id) DO UPDATE SET applied = EXCLUDED.applied, pending = EXCLUDED.pending,
           unapplied = EXCLUDED.unapplied, refunded = EXCLUDED.refunded, reversed = EXCLUDED.reversed,
           charged_back = EXCLUDED.charged_back, status = EXCLUDED.status, allocations = EXCLUDED.allocations,
           confirmation = COALESCE(EXCLUDED.confirmation, payments_rm.payments.confirmation),
           stream_version = EXCLUDED.stream_version
         WHERE payments_rm.payments.stream_version <= EXCLUDED.stream_version`,
        [
          state.paymentId,
          state.billingAccountId,
          state.currency,
          b.amount.amount,
          b.confirmed.amount,
          b.pending.amount,
          b.unapplied.amount,
          b.refunded.amount,
          b.reversed.amount,
          state.status,
          state.method,
          state.externalReference,
          state.receivedDate,
          JSON.stringify(
            state.allocations.map((a) => ({
              allocationId: a.allocationId,
              invoiceId: a.invoiceId,
              amount: a.amount.amount,
              amountChargedBack: a.amountChargedBack.amount,
              status: a.status,
            })),
          ),
          confirmation,
          streamVersion,
          b.chargedBack.amount,
        ],
      );
    },
  };
}
