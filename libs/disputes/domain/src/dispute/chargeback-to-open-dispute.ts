import type { ChargebackReceived, DisputeReasonCategory } from '@billing/contracts';
import type { DisputedInvoice, OpenDispute } from './dispute.commands';

/**
 * Card-network reason codes to our categories. Visa uses "10.x" (fraud), "12.x" (processing
 * errors), "13.x" (consumer disputes); Mastercard four-digit codes. Anything else is `other`, and
 * the network's own code and text stay in the customer statement.
 */
const reasonByCode: Record<string, DisputeReasonCategory> = {
  '12.5': 'pricing_error', // Visa: incorrect amount
  '12.6.1': 'duplicate_charge', // Visa: duplicate processing
  '12.6.2': 'duplicate_charge', // Visa: paid by other means
  '13.1': 'service_not_received', // Visa: merchandise/services not received
  '13.3': 'quality', // Visa: not as described or defective
  '4834': 'duplicate_charge', // Mastercard: point-of-interaction error
  '4855': 'service_not_received', // Mastercard: goods or services not provided
  '4853': 'quality', // Mastercard: cardholder dispute, not as described
  '4837': 'unauthorised_charge', // Mastercard: no cardholder authorisation
  '4840': 'unauthorised_charge', // Mastercard: fraudulent processing
  '4863': 'unauthorised_charge', // Mastercard: cardholder does not recognise
  '4870': 'unauthorised_charge', // Mastercard: chip liability shift
  '4871': 'unauthorised_charge', // Mastercard: chip/PIN liability shift
};

export function chargebackReasonCategory(reasonCode: string): DisputeReasonCategory {
  const code = reasonCode.trim();
  if (reasonByCode[code]) return reasonByCode[code];
  if (/^10\.\d+$/.test(code)) return 'unauthorised_charge'; // every Visa 10.x is fraud
  return 'other';
}

/**
 * The OpenDispute command for a chargeback from payments. Derive the dispute id from the
 * chargeback id and invoice (deriveId) so a redelivered ChargebackReceived lands on the same
 * stream, where it is recognised by its reference and ignored. `invoice` is what the service
 * knows of the invoice, if anything: a chargeback is bounded by the invoice's total, not by its
 * open amount, which grows back only when invoicing reverses the charged-back allocation.
 */
export function chargebackToOpenDispute(
  chargeback: ChargebackReceived,
  context: { disputeId: string; invoice?: DisputedInvoice; invoiceNumber?: string },
): OpenDispute {
  const description = chargeback.reasonDescription?.trim();
  return {
    type: 'OpenDispute',
    data: {
      disputeId: context.disputeId,
      invoiceId: chargeback.invoiceId,
      ...(context.invoiceNumber ? { invoiceNumber: context.invoiceNumber } : {}),
      billingAccountId: chargeback.billingAccountId,
      scope: 'amount',
      amount: chargeback.amount,
      currency: chargeback.currency,
      ...(context.invoice ? { invoice: context.invoice } : {}),
      reasonCategory: chargebackReasonCategory(chargeback.reasonCode),
      customerStatement: `Chargeback ${chargeback.chargebackReference} on payment ${chargeback.paymentId}, reason code ${chargeback.reasonCode}${description ? `: ${description}` : ''}`,
      openedAt: chargeback.receivedAt,
      openedBy: 'payments',
      source: 'chargeback',
      chargebackReference: chargeback.chargebackReference,
    },
  };
}
