import type { DomainCommand, PaymentMethod, RemittanceLine } from '@billing/contracts';
import type { OpenInvoice } from '../allocation/allocate-oldest-due-first';

export interface RecordPaymentData {
  paymentId: string;
  billingAccountId: string;
  amount: string;
  currency: string;
  method: PaymentMethod;
  externalReference: string;
  receivedDate: string;
  remittance?: RemittanceLine[];
  recordedAt: string;
}

export interface AllocatePaymentData {
  paymentId: string;
  /** The account's open invoices from the payments read model. */
  openInvoices: OpenInvoice[];
  /**
   * Allocate exactly these invoices and amounts (from the remittance advice or a coordinator);
   * absent = automatic, oldest due first.
   */
  instructions?: RemittanceLine[];
  allocatedAt: string;
}

export interface RecordAllocationOutcomeData {
  paymentId: string;
  allocationId: string;
  /** From invoicing's PaymentAllocationApplied / PaymentAllocationRejected. */
  outcome: 'applied' | 'rejected';
  reason?: string;
}

export interface ReversePaymentData {
  paymentId: string;
  reason: string;
  reversedAt: string;
}

export interface RefundUnappliedData {
  paymentId: string;
  refundId: string;
  amount: string;
  currency: string;
  refundedAt: string;
}

export interface IssuePaymentConfirmationData {
  paymentId: string;
  confirmationId: string;
  /** A customer asked for a receipt before the payment was fully applied. */
  onRequest: boolean;
  /** invoiceId -> invoice number, from the payments read model. */
  invoiceNumbers: Record<string, string>;
  issuedAt: string;
}

/** The bank or card network took back part of the payment (a chargeback letter or file). */
export interface ReceiveChargebackData {
  paymentId: string;
  /** Derived from the request's idempotency key, so a retry is recognised. */
  chargebackId: string;
  /** The network's or bank's case reference; one chargeback per reference and payment. */
  chargebackReference: string;
  amount: string;
  currency: string;
  /** Network reason code, e.g. "10.4" or "4853". */
  reasonCode: string;
  reasonDescription?: string;
  receivedAt: string;
}

export type PaymentCommand =
  | DomainCommand<'RecordPayment', RecordPaymentData>
  | DomainCommand<'AllocatePayment', AllocatePaymentData>
  | DomainCommand<'RecordAllocationOutcome', RecordAllocationOutcomeData>
  | DomainCommand<'ReversePayment', ReversePaymentData>
  | DomainCommand<'RefundUnapplied', RefundUnappliedData>
  | DomainCommand<'IssuePaymentConfirmation', IssuePaymentConfirmationData>
  | DomainCommand<'ReceiveChargeback', ReceiveChargebackData>;
