import { Money } from '@billing/money';
import { DomainError, type FieldProblem } from '@billing/kernel';
import { normalizeExternalReference, type PaymentEvent } from '@billing/contracts';
import { checkPositiveAmount, checkText } from '../shared/validation';
import type { ReceiveChargebackData } from './payment.commands';
import { amountStillAllocated, balancesOf, type PaymentState } from './payment.state';

export const chargebackReferenceLengthMax = 140;
export const reasonCodeLengthMax = 20;
export const reasonDescriptionLengthMax = 500;

/**
 * The bank took back `amount` of the payment. The money is gone, so it comes first out of the
 * payment's unapplied credit (the customer's own unused money: no invoice reopens, nothing to
 * dispute), then out of applied allocations, the most recently applied first, so the oldest
 * invoices stay settled. Each invoice concerned gets one `ChargebackReceived`: invoicing reopens
 * the invoice by that amount, and disputes opens a dispute on it, so collections holds it instead
 * of chasing the customer for money they contest.
 *
 * Allocations invoicing has not answered yet cannot be charged back (their money is neither
 * applied nor unapplied until it does); a chargeback that needs them waits (409).
 */
export function receiveChargeback(d: ReceiveChargebackData, state: PaymentState): PaymentEvent[] {
  if (state.chargebacks.some((c) => c.chargebackId === d.chargebackId)) return [];
  if (state.status === 'none')
    throw new DomainError('PAYMENT_NOT_FOUND', 'The payment does not exist', 'not_found');
  if (state.status === 'reversed')
    throw new DomainError(
      'PAYMENT_REVERSED',
      'The payment was reversed; nothing of it is left to charge back',
      'conflict',
    );
  const amount = validChargeback(d, state);
  const reference = normalizeExternalReference(d.chargebackReference);
  if (state.chargebacks.some((c) => c.normalizedReference === reference)) {
    throw new DomainError(
      'CHARGEBACK_ALREADY_RECORDED',
      `Chargeback ${d.chargebackReference} is already recorded on this payment`,
      'conflict',
      [{ field: 'chargebackReference', reason: 'is already recorded on this payment' }],
    );
  }
  const b = balancesOf(state);
  const available = b.unapplied.add(b.confirmed);
  if (amount.greaterThan(available.add(b.pending))) {
    throw new DomainError(
      'CHARGEBACK_EXCEEDS_PAYMENT',
      `The chargeback ${amount.amount} exceeds the ${available.amount} left of the payment`,
      'invalid',
      [
        {
          field: 'amount',
          reason: `must be at most ${available.amount}, what is left of the payment (applied or unapplied)`,
        },
      ],
    );
  }
  if (amount.greaterThan(available)) {
    throw new DomainError(
      'ALLOCATIONS_PENDING',
      `${b.pending.amount} of the payment awaits invoicing's answer; record the chargeback once it is applied`,
      'conflict',
      [
        {
          field: 'amount',
          reason: `must be at most ${available.amount} while allocations are pending`,
        },
      ],
    );
  }
  const common = {
    billingAccountId: state.billingAccountId,
    paymentId: state.paymentId,
    chargebackId: d.chargebackId,
    chargebackReference: d.chargebackReference,
    currency: state.currency,
    reasonCode: d.reasonCode,
    ...(d.reasonDescription ? { reasonDescription: d.reasonDescription } : {}),
    receivedAt: d.receivedAt,
  };
  const events: PaymentEvent[] = [];
  const fromUnapplied = Money.min(amount, b.unapplied);
  if (fromUnapplied.isPositive()) {
    events.push({
      type: 'UnappliedCreditChargedBack',
      data: {
        ...common,
        amount: fromUnapplied.amount,
        unappliedAfter: b.unapplied.subtract(fromUnapplied).amount,
      },
    });
  }
  for (const [invoiceId, part] of perInvoiceLatestFirst(state, amount.subtract(fromUnapplied))) {
    events.push({
      type: 'ChargebackReceived',
      data: { ...common, invoiceId, amount: part.amount },
    });
  }
  return events;
}

function validChargeback(d: ReceiveChargebackData, state: PaymentState): Money {
  const problems: FieldProblem[] = [];
  checkText(d.chargebackId, 'chargebackId', problems);
  checkText(d.chargebackReference, 'chargebackReference', problems, chargebackReferenceLengthMax);
  checkText(d.reasonCode, 'reasonCode', problems, reasonCodeLengthMax);
  if (d.reasonDescription !== undefined)
    checkText(d.reasonDescription, 'reasonDescription', problems, reasonDescriptionLengthMax);
  let amount: Money | null = null;
  if (d.currency !== state.currency)
    problems.push({ field: 'currency', reason: `must be the payment currency ${state.currency}` });
  else amount = checkPositiveAmount(d.amount, state.currency, 'amount', problems);
  if (problems.length > 0 || amount === null)
    throw new DomainError('INVALID_CHARGEBACK', 'The chargeback is invalid', 'invalid', problems);
  return amount;
}

/** The applied money to take back, per invoice, walking confirmed allocations latest first. */
function perInvoiceLatestFirst(state: PaymentState, amount: Money): Map<string, Money> {
  const perInvoice = new Map<string, Money>();
  let left = amount;
  for (const allocation of [...state.allocations].reverse()) {
    if (!left.isPositive()) break;
    if (allocation.status !== 'confirmed') continue;
    const part = Money.min(left, amountStillAllocated(allocation));
    if (!part.isPositive()) continue;
    left = left.subtract(part);
    const sofar = perInvoice.get(allocation.invoiceId) ?? Money.zero(state.currency);
    perInvoice.set(allocation.invoiceId, sofar.add(part));
  }
  return perInvoice;
}
