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

/**
 * Emitted by payments (its own stream and topic) when the card network or bank claws back a
 * payment; disputes turns it into a dispute with `chargebackToOpenDispute`, and invoicing reverses
 * the charged-back amount of the payment's allocations to the invoice (the invoice reopens by it).
 * One event per invoice concerned; the part of a chargeback that takes back unapplied credit is
 * `UnappliedCreditChargedBack` instead.
 */
export interface ChargebackReceived {
  billingAccountId: string;
  paymentId: string;
  chargebackId: string;
  /** The network's or bank's case reference. */
  chargebackReference: string;
  /** The invoice the charged-back payment was applied to (one event per invoice). */
  invoiceId: string;
  amount: DecimalString;
  currency: CurrencyCode;
  /** Network reason code, e.g. "10.4" (Visa fraud) or "4853" (Mastercard not as described). */
  reasonCode: string;
  reasonDescription?: string;
  receivedAt: IsoInstant;
}

/**
 * The part of a chargeback taken from the payment's unapplied credit: money the customer had not
 * used yet, so no invoice reopens and nothing is disputed. A chargeback takes unapplied credit
 * first, then applied allocations, the most recent first (`ChargebackReceived` per invoice).
 */
export interface UnappliedCreditChargedBack {
  billingAccountId: string;
  paymentId: string;
  chargebackId: string;
  chargebackReference: string;
  currency: CurrencyCode;
  amount: DecimalString;
  unappliedAfter: DecimalString;
  reasonCode: string;
  reasonDescription?: string;
  receivedAt: IsoInstant;
}

export type PaymentEvent =
  | DomainEvent<'PaymentReceived', PaymentReceived>
  | DomainEvent<'PaymentAllocated', PaymentAllocated>
  | DomainEvent<'AllocationConfirmed', AllocationConfirmed>
  | DomainEvent<'AllocationReturned', AllocationReturned>
  | DomainEvent<'PaymentReversed', PaymentReversed>
  | DomainEvent<'UnappliedCreditRefunded', UnappliedCreditRefunded>
  | DomainEvent<'PaymentConfirmationIssued', PaymentConfirmationIssued>
  | DomainEvent<'UnappliedCreditChargedBack', UnappliedCreditChargedBack>
  | DomainEvent<'ChargebackReceived', ChargebackReceived>;

export type PaymentReferenceEvent = DomainEvent<'PaymentReferenceClaimed', PaymentReferenceClaimed>;

/** Every event the payments service publishes. */
export type PaymentsEvent = PaymentEvent | PaymentReferenceEvent;
export type PaymentsEventType = PaymentsEvent['type'];
