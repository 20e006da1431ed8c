import type { CurrencyCode, DecimalString, DomainEvent, IsoDate, IsoInstant } from './common';

/** Kafka topic for every payments event; key = `billingAccountId`. */
export const paymentsTopic = 'billing.payments.v1';

export type PaymentMethod = 'bank_transfer' | 'card' | 'check' | 'direct_debit';

/** What the payer said the payment is for. */
export interface RemittanceLine {
  invoiceId: string;
  amount: DecimalString;
}

/** Money arrived from the customer. Not yet applied to any invoice: all of it is unapplied. */
export interface PaymentReceived {
  paymentId: string;
  billingAccountId: string;
  amount: DecimalString;
  currency: CurrencyCode;
  method: PaymentMethod;
  /** The bank's or processor's reference; unique per account. */
  externalReference: string;
  receivedDate: IsoDate;
  remittance?: RemittanceLine[];
  recordedAt: IsoInstant;
}

/**
 * The first event of a `paymentreference-<uuid>` stream: this external reference now belongs to
 * `paymentId`. Appended with `'no_stream'`, so a second payment with the same reference fails.
 */
export interface PaymentReferenceClaimed {
  billingAccountId: string;
  paymentId: string;
  externalReference: string;
  /** The reference as compared: blanks removed, upper case. */
  normalizedReference: string;
}

/** One part of a payment proposed for one invoice; invoicing applies or rejects it. */
export interface Allocation {
  /** Deterministic: derived from payment id, invoice id and the payment's allocation sequence. */
  allocationId: string;
  invoiceId: string;
  amount: DecimalString;
}

/**
 * Part of the payment's unapplied balance was allocated to invoices (pending until invoicing
 * applies each one). `mode`: `automatic` = oldest due first; `instructed` = as the remittance or a
 * coordinator said.
 */
export interface PaymentAllocated {
  paymentId: string;
  billingAccountId: string;
  currency: CurrencyCode;
  mode: 'automatic' | 'instructed';
  allocations: Allocation[];
  unappliedAfter: DecimalString;
  allocatedAt: IsoInstant;
}

/** Invoicing applied the allocation. */
export interface AllocationConfirmed {
  paymentId: string;
  billingAccountId: string;
  allocationId: string;
  invoiceId: string;
  currency: CurrencyCode;
  amount: DecimalString;
}

/** Invoicing rejected the allocation; its amount is unapplied again. */
export interface AllocationReturned {
  paymentId: string;
  billingAccountId: string;
  allocationId: string;
  invoiceId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  reason: string;
  unappliedAfter: DecimalString;
}

/**
 * The payment bounced or was recalled. Invoicing reverses each listed allocation; the unapplied
 * balance drops to zero.
 */
export interface PaymentReversed {
  paymentId: string;
  billingAccountId: string;
  currency: CurrencyCode;
  reason: string;
  allocationsToReverse: Allocation[];
  /** Unapplied balance released by the reversal. */
  unappliedReleased: DecimalString;
  reversedAt: IsoInstant;
}

/** Unapplied money was paid back to the customer. */
export interface UnappliedCreditRefunded {
  paymentId: string;
  billingAccountId: string;
  refundId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  unappliedAfter: DecimalString;
  refundedAt: IsoInstant;
}

/** A line of a payment receipt. */
export interface ConfirmationAllocation {
  allocationId: string;
  invoiceId: string;
  /** Empty string when the payments read model does not know the number yet. */
  invoiceNumber: string;
  amount: DecimalString;
  status: 'pending' | 'confirmed';
}

/** A receipt was produced for the customer. */
export interface PaymentConfirmationIssued {
  paymentId: string;
  billingAccountId: string;
  confirmationId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  method: PaymentMethod;
  externalReference: string;
  receivedDate: IsoDate;
  allocations: ConfirmationAllocation[];
  applied: DecimalString;
  unapplied: DecimalString;
  refunded: DecimalString;
  issuedAt: IsoInstant;
}

export type PaymentEvent =
  | DomainEvent<'PaymentReceived', PaymentReceived>
  | DomainEvent<'PaymentAllocated', PaymentAllocated>
  | DomainEvent<'AllocationConfirmed', AllocationConfirmed>
  | DomainEvent<'AllocationReturned', AllocationReturned>
  | DomainEvent<'PaymentReversed', PaymentReversed>
  | DomainEvent<'UnappliedCreditRefunded', UnappliedCreditRefunded>
  | DomainEvent<'PaymentConfirmationIssued', PaymentConfirmationIssued>;

export type PaymentReferenceEvent = DomainEvent<'PaymentReferenceClaimed', PaymentReferenceClaimed>;

/** Every event the payments service publishes. */
export type PaymentsEvent = PaymentEvent | PaymentReferenceEvent;
export type PaymentsEventType = PaymentsEvent['type'];
