import type {
  CommunicationChannel,
  DisputeDepartment,
  DisputeReasonCategory,
  DisputeScope,
  DisputeSource,
} from '@billing/contracts';

type Command<Type extends string, Data> = { type: Type; data: Data };

export type OpenDispute = Command<
  'OpenDispute',
  {
    disputeId: string;
    invoiceId: string;
    invoiceNumber?: string;
    billingAccountId: string;
    scope: DisputeScope;
    lineIds?: string[];
    amount: string;
    currency: string;
    /** The invoice's open amount now, as the service knows it from invoicing's events. */
    amountOpenOnInvoice: string;
    reasonCategory: DisputeReasonCategory;
    customerStatement: string;
    openedAt: string;
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
