import type {
  CommunicationChannel,
  DisputeDepartment,
  DisputeReasonCategory,
  DisputeScope,
  DisputeSource,
} from '@billing/contracts';

type Command<Type extends string, Data> = { type: Type; data: Data };

/** An invoice line as disputes learned it from InvoiceIssued: its id and total with tax. */
export interface DisputedInvoiceLine {
  lineId: string;
  total: string;
}

/**
 * The invoice as the disputes service knows it from invoicing's events (never from invoicing's
 * tables). Amounts are decimal strings in the invoice's currency.
 */
export interface DisputedInvoice {
  currency: string;
  /** What the invoice charged, tax included. */
  total: string;
  /** What remains to be paid now. */
  amountOpen: string;
  /** Already on hold for other open disputes on the same invoice. */
  amountOnHold: string;
  status: 'issued' | 'partially_paid' | 'paid' | 'voided' | 'credited' | 'written_off';
  lines: DisputedInvoiceLine[];
}

export type OpenDispute = Command<
  'OpenDispute',
  {
    disputeId: string;
    invoiceId: string;
    invoiceNumber?: string;
    billingAccountId: string;
    scope: DisputeScope;
    lineIds?: string[];
    /**
     * The amount to hold. Required for `amount`; for `whole` it defaults to (and must equal) the
     * undisputed open amount, for `lines` to the chosen lines' total (and may be less).
     */
    amount?: string;
    currency: string;
    /** Absent when the service has not learned of the invoice (only a chargeback may go on). */
    invoice?: DisputedInvoice;
    reasonCategory: DisputeReasonCategory;
    customerStatement: string;
    openedAt: string;
    /**
     * The date the customer raised it (default: openedAt's date), from which the SLA runs; not
     * after openedAt's date.
     */
    receivedDate?: string;
    openedBy: string;
    source: DisputeSource;
    chargebackReference?: string;
    slaBusinessDays?: number;
    holidays?: string[];
  }
>;

export type AssignDispute = Command<
  'AssignDispute',
  { owner: string; department: DisputeDepartment; assignedBy: string; at: string }
>;

export type AddDisputeNote = Command<
  'AddDisputeNote',
  { text: string; author: string; at: string }
>;

export type AddEvidence = Command<
  'AddEvidence',
  { reference: string; description?: string; addedBy: string; at: string }
>;

export type LogCustomerCommunication = Command<
  'LogCustomerCommunication',
  { channel: CommunicationChannel; summary: string; at: string; loggedBy: string }
>;

export type CheckDisputeSla = Command<'CheckDisputeSla', { today: string }>;

export type ResolveDispute = Command<
  'ResolveDispute',
  {
    outcome: 'accepted_full' | 'accepted_partial' | 'rejected' | 'withdrawn';
    /** Required for accepted_partial. */
    acceptedAmount?: string;
    /** Required for rejected. */
    explanation?: string;
    resolvedBy: string;
    resolvedAt: string;
  }
>;

export type DisputeCommand =
  | OpenDispute
  | AssignDispute
  | AddDisputeNote
  | AddEvidence
  | LogCustomerCommunication
  | CheckDisputeSla
  | ResolveDispute;
