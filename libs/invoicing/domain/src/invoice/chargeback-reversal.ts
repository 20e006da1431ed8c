import { Money } from '@billing/money';
import { DomainError } from '@billing/kernel';
import type { InvoiceEvent } from '@billing/contracts';
import type { ReverseChargedBackPaymentData } from './invoice.commands';
import { notFound, positiveAmount, requireText } from './invoice.guards';
import {
  amountOpen,
  amountPaid,
  amountStillApplied,
  statusAfter,
  type InvoiceState,
} from './invoice.state';

/**
 * The bank took back `amount` of a payment applied to this invoice: that much of the payment's
 * application is undone and the invoice reopens by it (disputes opens a dispute on it, so
 * collections holds it rather than chasing it). When the payment was applied in several
 * allocations, the most recent is undone first, the same rule payments used to pick the invoice.
 * One `PaymentAllocationReversed` per allocation touched, each carrying the chargeback id, which
 * makes a redelivered chargeback change nothing.
 *
 * Payments charges back only allocations invoicing confirmed, so more than the payment still has
 * applied here means the two contexts disagree: that stops loudly instead of reopening a guess.
 */
export function reverseChargedBackPayment(
  d: ReverseChargedBackPaymentData,
  state: InvoiceState,
): InvoiceEvent[] {
  if (state.chargebackIds.includes(d.chargebackId)) return [];
  const missing = notFound(state);
  if (missing) throw missing;
  requireText(d.chargebackId, 'chargebackId');
  requireText(d.paymentId, 'paymentId');
  const amount = positiveAmount(d.amount, d.currency, state);
  const applied = Object.entries(state.allocations)
    .filter(([, a]) => a.paymentId === d.paymentId && !a.reversed)
    .reverse();
  const stillApplied = Money.sum(
    applied.map(([, a]) => amountStillApplied(a)),
    state.currency,
  );
  if (amount.greaterThan(stillApplied)) {
    throw new DomainError(
      'CHARGEBACK_EXCEEDS_APPLIED',
      `Chargeback ${d.chargebackId} of ${amount.amount} exceeds the ${stillApplied.amount} payment ${d.paymentId} has applied to invoice ${state.invoiceId}`,
      'conflict',
      [{ field: 'amount', reason: `must be at most ${stillApplied.amount}` }],
    );
  }
  const events: InvoiceEvent[] = [];
  let left = amount;
  let open = amountOpen(state);
  let paid = amountPaid(state);
  for (const [allocationId, allocation] of applied) {
    if (left.isZero()) break;
    const part = Money.min(left, amountStillApplied(allocation));
    left = left.subtract(part);
    open = open.add(part);
    paid = paid.subtract(part);
    events.push({
      type: 'PaymentAllocationReversed',
      data: {
        invoiceId: state.invoiceId,
        billingAccountId: state.billingAccountId,
        paymentId: d.paymentId,
        allocationId,
        currency: state.currency,
        amountReversed: part.amount,
        amountOpen: open.amount,
        status: statusAfter(open, paid, 'payment'),
        reason: `Chargeback ${d.chargebackReference} (reason code ${d.reasonCode})`,
        chargebackId: d.chargebackId,
      },
    });
  }
  return events;
}
