import type {
  CreditNoteReason,
  DatePeriod,
  DomainCommand,
  InvoiceDeliveryChannel,
  InvoiceStatus,
} from '@billing/contracts';
import type { AccountSnapshot } from '../billing-account/billing-account.decider';
import type { InvoiceLineInput } from './invoice-lines';

/** Another invoice of the account, from the handler's read model, for the duplicate check. */
export interface OtherInvoiceSummary {
  invoiceId: string;
  number?: string;
  billingAccountId: string;
  purchaseOrderNumber?: string;
  servicePeriod?: DatePeriod;
  status: InvoiceStatus;
  /** Total including tax, with its currency: the same total again may be the same bill. */
  total?: string;
  currency?: string;
  /** `linesFingerprint` of its lines: the same lines again may be the same bill. */
  linesFingerprint?: string;
}

export interface DraftInvoiceData {
  invoiceId: string;
  billingAccountId: string;
  currency: string;
  lines: InvoiceLineInput[];
  purchaseOrderNumber?: string;
  memo?: string;
  correctsInvoiceId?: string;
  draftedAt: string;
}

export interface UpdateDraftData {
  invoiceId: string;
  lines: InvoiceLineInput[];
  purchaseOrderNumber?: string;
  memo?: string;
  updatedAt: string;
}

export interface ReviewInvoiceData {
  invoiceId: string;
  account: AccountSnapshot;
  otherInvoices: OtherInvoiceSummary[];
  reviewedAt: string;
}

export interface IssueInvoiceData {
  invoiceId: string;
  account: AccountSnapshot;
  otherInvoices: OtherInvoiceSummary[];
  /** Assigned by the invoice numbering series before issuing. */
  number: string;
  /** Business date from the clock, `YYYY-MM-DD`. */
  issueDate: string;
}

export interface MarkInvoiceSentData {
  invoiceId: string;
  channel: InvoiceDeliveryChannel;
  recipient: string;
  sentAt: string;
}

export interface ApplyPaymentAllocationData {
  invoiceId: string;
  /** From the payment's event: the Kafka key even when the invoice stream does not exist. */
  billingAccountId: string;
  paymentId: string;
  allocationId: string;
  amount: string;
  currency: string;
}

export interface ReversePaymentAllocationData {
  invoiceId: string;
  paymentId: string;
  allocationId: string;
  reason: string;
}

export interface VoidInvoiceData {
  invoiceId: string;
  reason: string;
  voidedAt: string;
}

/** What a credit note credits: the whole invoice, some whole lines, or an amount including tax. */
export type CreditNoteScope =
  { kind: 'whole' } | { kind: 'lines'; lineIds: string[] } | { kind: 'amount'; amount: string };

export interface IssueCreditNoteData {
  invoiceId: string;
  creditNoteId: string;
  /** Assigned by the credit note numbering series. */
  number: string;
  issueDate: string;
  scope: CreditNoteScope;
  reason: CreditNoteReason;
  disputeId?: string;
  memo?: string;
  /**
   * Maker-checker: when set and the credit is above `threshold`, the credit note is recorded
   * pending (CreditNoteRequested, no number) for a billing manager other than `requestedBy`.
   */
  approval?: { threshold: string; requestedBy: string; requestedAt: string };
}

/** A billing manager other than the requester approves (and so issues) a pending credit note. */
export interface ApproveCreditNoteData {
  invoiceId: string;
  creditNoteId: string;
  approvedBy: string;
  approverRoles: string[];
  approvedAt: string;
  /** Assigned by the credit note numbering series. */
  number: string;
  issueDate: string;
}

export interface RejectCreditNoteData {
  invoiceId: string;
  creditNoteId: string;
  rejectedBy: string;
  rejectorRoles: string[];
  reason: string;
  rejectedAt: string;
}

export interface ApplyInvoiceAdjustmentData {
  invoiceId: string;
  /** From collections' event: the Kafka key even when the invoice stream does not exist. */
  billingAccountId: string;
  /** The write-off collections approved; one adjustment per write-off. */
  writeOffId: string;
  amount: string;
  currency: string;
  reason: string;
  writtenOffAt: string;
}

/** Credit the amount of an accepted dispute (disputes' `DisputeAccepted`). */
export interface CreditAcceptedDisputeData {
  invoiceId: string;
  /** From the dispute's event: the Kafka key even when the invoice stream does not exist. */
  billingAccountId: string;
  disputeId: string;
  /** Derived from the dispute, so a redelivery finds the credit note already issued. */
  creditNoteId: string;
  /** Assigned by the credit note numbering series. */
  number: string;
  issueDate: string;
  /** The accepted amount including tax. */
  amount: string;
  currency: string;
  /** When invoicing decided, for a rejected part. */
  decidedAt: string;
}

/** Undo the part of a payment's application the bank took back (payments' `ChargebackReceived`). */
export interface ReverseChargedBackPaymentData {
  invoiceId: string;
  paymentId: string;
  chargebackId: string;
  chargebackReference: string;
  reasonCode: string;
  amount: string;
  currency: string;
}

export type InvoiceCommand =
  | DomainCommand<'DraftInvoice', DraftInvoiceData>
  | DomainCommand<'UpdateDraft', UpdateDraftData>
  | DomainCommand<'ReviewInvoice', ReviewInvoiceData>
  | DomainCommand<'IssueInvoice', IssueInvoiceData>
  | DomainCommand<'MarkInvoiceSent', MarkInvoiceSentData>
  | DomainCommand<'ApplyPaymentAllocation', ApplyPaymentAllocationData>
  | DomainCommand<'ReversePaymentAllocation', ReversePaymentAllocationData>
  | DomainCommand<'VoidInvoice', VoidInvoiceData>
  | DomainCommand<'IssueCreditNote', IssueCreditNoteData>
  | DomainCommand<'ApproveCreditNote', ApproveCreditNoteData>
  | DomainCommand<'RejectCreditNote', RejectCreditNoteData>
  | DomainCommand<'ApplyInvoiceAdjustment', ApplyInvoiceAdjustmentData>
  | DomainCommand<'CreditAcceptedDispute', CreditAcceptedDisputeData>
  | DomainCommand<'ReverseChargedBackPayment', ReverseChargedBackPaymentData>;
