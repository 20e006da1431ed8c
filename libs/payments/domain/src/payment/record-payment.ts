import type { PaymentEvent, PaymentReferenceEvent } from '@billing/contracts';
import { DomainError, fold } from '@billing/kernel';
import type { OpenInvoice } from '../allocation/allocate-oldest-due-first';
import {
  paymentReferenceDecider,
  type PaymentReferenceState,
} from '../payment-reference/payment-reference.decider';
import type { RecordPaymentData } from './payment.commands';
import { paymentDecider } from './payment.decider';
import type { PaymentState } from './payment.state';

/** What recording a payment is decided on, as the service read it just before. */
export interface RecordPaymentInputs {
  /** The account's currency as payments knows it; undefined: payments knows no such account. */
  accountCurrency: string | undefined;
  /** The account's open invoices, for the allocation. */
  openInvoices: OpenInvoice[];
  /** The payment's stream (status `none` when it does not exist yet). */
  payment: PaymentState;
  /** The stream of the payment's external reference (who claimed it, if anyone). */
  reference: PaymentReferenceState;
}

/** The events for the payment's stream and its reference's, to be appended all or none. */
export interface RecordPaymentDecision {
  payment: PaymentEvent[];
  reference: PaymentReferenceEvent[];
  /** The payment after these events: the command's answer. */
  state: PaymentState;
}

/**
 * Records a payment, claims its external reference and allocates it, as one decision over the
 * payment's stream and the reference's: a refused payment claims nothing, a duplicate reference is
 * refused (409 naming the original) and nothing is recorded. The same request again decides
 * nothing and answers the payment as recorded.
 */
export function decideRecordPayment(
  data: RecordPaymentData,
  inputs: RecordPaymentInputs,
): RecordPaymentDecision {
  requireAccountCurrency(data, inputs.accountCurrency);
  if (inputs.payment.status !== 'none') {
    // Already recorded: the same request decides [] (answered as it stands), another one is a 409.
    paymentDecider.decide({ type: 'RecordPayment', data }, inputs.payment);
    return { payment: [], reference: [], state: inputs.payment };
  }
  const received = paymentDecider.decide({ type: 'RecordPayment', data }, inputs.payment);
  // A bank reference seen before is a duplicate whatever its remittance says: flag it (409 naming
  // the original) before the allocation is checked against invoices the first payment may have
  // paid already.
  const reference = paymentReferenceDecider.decide(
    {
      type: 'ClaimPaymentReference',
      data: {
        billingAccountId: data.billingAccountId,
        paymentId: data.paymentId,
        externalReference: data.externalReference,
      },
    },
    inputs.reference,
  );
  const allocated = paymentDecider.decide(
    {
      type: 'AllocatePayment',
      data: {
        paymentId: data.paymentId,
        openInvoices: inputs.openInvoices,
        ...(data.remittance && data.remittance.length > 0 ? { instructions: data.remittance } : {}),
        allocatedAt: data.recordedAt,
      },
    },
    fold(paymentDecider, received),
  );
  const payment = [...received, ...allocated];
  return { payment, reference, state: fold(paymentDecider, payment) };
}

/** Money recorded against a mistyped id would sit as credit on an account nobody has. */
function requireAccountCurrency(data: RecordPaymentData, known: string | undefined): void {
  if (known === undefined) {
    throw new DomainError(
      'UNKNOWN_BILLING_ACCOUNT',
      `Payments knows no billing account ${data.billingAccountId}`,
      'invalid',
      [
        {
          field: 'billingAccountId',
          reason:
            'must be an open billing account (one opened moments ago may not have reached payments yet: retry shortly)',
        },
      ],
    );
  }
  if (known !== data.currency) {
    throw new DomainError(
      'CURRENCY_MISMATCH',
      `The account pays in ${known}, not ${data.currency}`,
      'invalid',
      [{ field: 'currency', reason: `must be the account's currency ${known}` }],
    );
  }
}
