import type {
  CurrencyCode,
  PersonalData,
  DatePeriod,
  DecimalString,
  DomainEvent,
  Integer,
  IsoDate,
  IsoInstant,
} from './common';

/** Kafka topic for every invoicing event; key = `billingAccountId`. */
export const invoicingTopic = 'billing.invoicing.v1';

// ---------------------------------------------------------------------------------------------
// Billing accounts (stream `billingaccount-<id>`)
// ---------------------------------------------------------------------------------------------

/** A postal address. `country` is ISO 3166-1 alpha-2. */
export interface PostalAddress {
  line1: PersonalData;
  line2?: PersonalData;
  city: PersonalData;
  postalCode: PersonalData;
  /** State, province or county; required for US addresses. */
  region?: PersonalData;
  country: string;
}

/** The details an account is invoiced with; verification checks all of them. */
export interface BillingDetails {
  legalName: PersonalData;
  billingContactName: PersonalData;
  email: PersonalData;
  address: PostalAddress;
  /** ISO 3166-1 alpha-2 country whose tax id rules apply. */
  country: string;
  taxId: PersonalData;
  /** ISO 4217 code every invoice of this account is issued in. */
  currency: CurrencyCode;
  /** Days from issue date to due date, 0..365. */
  paymentTermsDays: Integer;
  /** Invoices must carry the customer's purchase order number. */
  purchaseOrderRequired: boolean;
}

/** A billing account was onboarded. It cannot be invoiced until its details are verified. */
export interface BillingAccountOpened extends BillingDetails {
  billingAccountId: string;
  openedAt: IsoInstant;
}

/** Billing details were corrected; any earlier verification no longer holds. */
export interface BillingDetailsUpdated extends Omit<BillingDetails, 'paymentTermsDays'> {
  billingAccountId: string;
  updatedAt: IsoInstant;
}

/** One item of the verification checklist that failed. */
export interface VerificationProblem {
  /** Path of the offending detail, e.g. `taxId`, `address.postalCode`. */
  field: string;
  /** Stable code, e.g. `TAX_ID_FORMAT`, `ADDRESS_INCOMPLETE`, `EMAIL_FORMAT`, `UNKNOWN_CURRENCY`. */
  code: string;
  reason: string;
}

/** Every checklist item passed; the account may now be invoiced. */
export interface BillingDetailsVerified {
  billingAccountId: string;
  verifiedAt: IsoInstant;
}

/** The checklist found problems; all of them are listed at once. */
export interface BillingDetailsVerificationFailed {
  billingAccountId: string;
  problems: VerificationProblem[];
  checkedAt: IsoInstant;
}

export interface PaymentTermsChanged {
  billingAccountId: string;
  previousPaymentTermsDays: Integer;
  paymentTermsDays: Integer;
  reason: string;
  changedAt: IsoInstant;
}

/** No new invoice may be issued to the account until the hold is released. */
export interface CreditHoldPlaced {
  billingAccountId: string;
  reason: string;
  placedAt: IsoInstant;
}

export interface CreditHoldReleased {
  billingAccountId: string;
  reason: string;
  releasedAt: IsoInstant;
}

/** The account was closed; it accepts no further invoices. */
export interface BillingAccountClosed {
  billingAccountId: string;
  reason: string;
  closedAt: IsoInstant;
}

/**
 * A billing manager asked for the account's personal data to be erased; a second, different
 * manager must approve it. Carries no personal data.
 */
export interface PersonalDataErasureRequested {
  billingAccountId: string;
  requestedBy: string;
  reason: string;
  requestedAt: IsoInstant;
}

/**
 * The account's data key was destroyed: every personal field of its events now reads as
 * `[erased]`, everywhere. Amounts, ids and dates stay. Carries no personal data.
 */
export interface PersonalDataErased {
  billingAccountId: string;
  requestedBy: string;
  approvedBy: string;
  erasedAt: IsoInstant;
}

// ---------------------------------------------------------------------------------------------
// Invoices (stream `invoice-<id>`)
// ---------------------------------------------------------------------------------------------

export type SupportingDocumentKind = 'contract' | 'purchase_order' | 'timesheet' | 'other';

export interface SupportingDocument {
  kind: SupportingDocumentKind;
  reference: string;
}

/** An invoice line as requested, with the amounts the domain computed from it. */
export interface InvoiceLine {
  lineId: string;
  description: string;
  /** Decimal string > 0, any precision, e.g. `"1"`, `"7.5"`. */
  quantity: string;
  /** Price of one unit, with at most the currency's minor units. */
  unitPrice: DecimalString;
  /** Decimal fraction 0..1, e.g. `"0.2"` for 20 %. */
  taxRate: string;
  /** Amount taken off the line's gross (quantity × unit price), before tax. */
  discount?: DecimalString;
  servicePeriod?: DatePeriod;
  supportingDocument?: SupportingDocument;
  /** The total including tax the requester expects; review flags any difference. */
  statedTotal?: DecimalString;
  /** round(quantity × unitPrice, half-even) − discount. */
  net: DecimalString;
  /** Tax on `net` at `taxRate`, rounded half-even to minor units. */
  tax: DecimalString;
  /** net + tax. */
  total: DecimalString;
}

/** Sums over the lines. */
export interface InvoiceTotals {
  subtotal: DecimalString;
  taxTotal: DecimalString;
  total: DecimalString;
}

export interface InvoiceDrafted extends InvoiceTotals {
  invoiceId: string;
  billingAccountId: string;
  currency: CurrencyCode;
  lines: InvoiceLine[];
  purchaseOrderNumber?: string;
  memo?: string;
  /** Set when this draft replaces an invoice that was credited for correction. */
  correctsInvoiceId?: string;
  draftedAt: IsoInstant;
}

/** The draft's lines and purchase order were replaced. */
export interface InvoiceDraftUpdated extends InvoiceTotals {
  invoiceId: string;
  billingAccountId: string;
  lines: InvoiceLine[];
  purchaseOrderNumber?: string;
  memo?: string;
  updatedAt: IsoInstant;
}

/** One finding of an invoice review. */
export interface ReviewProblem {
  /**
   * Stable code: `NO_LINES`, `PURCHASE_ORDER_REQUIRED`, `CURRENCY_MISMATCH`,
   * `STATED_TOTAL_MISMATCH`, `POSSIBLE_DUPLICATE`, `TOTAL_NOT_POSITIVE`, `ACCOUNT_NOT_VERIFIED`,
   * `ACCOUNT_ON_CREDIT_HOLD`, `ACCOUNT_CLOSED`.
   */
  code: string;
  /** Path of the offending input, e.g. `lines[2].statedTotal`, `purchaseOrderNumber`. */
  field: string;
  message: string;
}

/** A review of a draft for accuracy and completeness; lists every problem at once. */
export interface InvoiceReviewed {
  invoiceId: string;
  billingAccountId: string;
  problems: ReviewProblem[];
  /** True when `problems` is empty: the invoice may be issued. */
  ready: boolean;
  reviewedAt: IsoInstant;
}

export interface InvoiceIssued extends InvoiceTotals {
  invoiceId: string;
  billingAccountId: string;
  /** From the invoice numbering series, gap-free, e.g. `INV-2026-000001`. */
  number: string;
  currency: CurrencyCode;
  issueDate: IsoDate;
  /** issueDate + paymentTermsDays. */
  dueDate: IsoDate;
  paymentTermsDays: Integer;
  lines: InvoiceLine[];
  purchaseOrderNumber?: string;
  correctsInvoiceId?: string;
}

export type InvoiceDeliveryChannel = 'email' | 'post' | 'portal';

export interface InvoiceSent {
  invoiceId: string;
  billingAccountId: string;
  channel: InvoiceDeliveryChannel;
  recipient: PersonalData;
  sentAt: IsoInstant;
}

/** Invoice status as seen after the event. */
export type InvoiceStatus =
  'draft' | 'issued' | 'partially_paid' | 'paid' | 'voided' | 'credited' | 'written_off';

/** Part of a payment was applied to the invoice. */
export interface PaymentAllocationApplied {
  invoiceId: string;
  billingAccountId: string;
  paymentId: string;
  allocationId: string;
  currency: CurrencyCode;
  amountApplied: DecimalString;
  /** What remains to be paid after this application. */
  amountOpen: DecimalString;
  status: 'partially_paid' | 'paid';
}

/**
 * Invoicing refused an allocation; payments returns the amount to the payment's unapplied
 * balance. `reason`: `over_application` (amount > open), `invoice_not_open` (voided, credited,
 * written off or paid), `invoice_not_issued` (draft or unknown).
 */
export interface PaymentAllocationRejected {
  invoiceId: string;
  billingAccountId: string;
  paymentId: string;
  allocationId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  reason: 'over_application' | 'invoice_not_open' | 'invoice_not_issued';
  message: string;
  /** Open amount when the allocation was refused. */
  amountOpen: DecimalString;
}

/**
 * A previously applied allocation was undone, wholly because its payment was reversed (bounced),
 * or in part because the bank took part of the payment back in a chargeback (`chargebackId` set;
 * `amountReversed` may then be less than the allocation).
 */
export interface PaymentAllocationReversed {
  invoiceId: string;
  billingAccountId: string;
  paymentId: string;
  allocationId: string;
  currency: CurrencyCode;
  amountReversed: DecimalString;
  amountOpen: DecimalString;
  status: InvoiceStatus;
  reason: string;
  /** Set when a chargeback (payments' `ChargebackReceived`) caused the reversal. */
  chargebackId?: string;
}

export interface InvoiceVoided {
  invoiceId: string;
  billingAccountId: string;
  reason: string;
  voidedAt: IsoInstant;
}

export type CreditNoteReason = 'billing_error' | 'dispute' | 'goodwill' | 'write_off';

/** The part of one invoice line a credit note credits. */
export interface CreditedLine {
  lineId: string;
  net: DecimalString;
  tax: DecimalString;
  total: DecimalString;
}

/**
 * A credit note against the invoice. `amount` includes tax and is split into `netAmount` and
 * `taxAmount`; it never exceeds the invoice's open amount.
 */
export interface CreditNoteIssued {
  invoiceId: string;
  billingAccountId: string;
  creditNoteId: string;
  /** From the credit note numbering series, e.g. `CN-2026-000001`. */
  number: string;
  currency: CurrencyCode;
  amount: DecimalString;
  netAmount: DecimalString;
  taxAmount: DecimalString;
  /** Set when whole lines were credited. */
  lines?: CreditedLine[];
  reason: CreditNoteReason;
  disputeId?: string;
  memo?: string;
  issueDate: IsoDate;
  amountOpen: DecimalString;
  status: InvoiceStatus;
}

/**
 * A credit note above the approval threshold, recorded pending: it takes no number and changes no
 * amount until a billing manager other than the requester approves it (CreditNoteApproved, then
 * CreditNoteIssued with its number, in one append) or rejects it.
 */
export interface CreditNoteRequested {
  invoiceId: string;
  billingAccountId: string;
  creditNoteId: string;
  currency: CurrencyCode;
  /** What it would credit when requested, including tax; checked again at approval. */
  amount: DecimalString;
  scope:
    | { kind: 'whole' }
    | { kind: 'lines'; lineIds: string[] }
    | { kind: 'amount'; amount: DecimalString };
  reason: CreditNoteReason;
  memo?: string;
  requestedBy: string;
  requestedAt: IsoInstant;
  /** Credit notes above this amount need a billing manager's approval. */
  approvalThreshold: DecimalString;
}

export interface CreditNoteApproved {
  invoiceId: string;
  billingAccountId: string;
  creditNoteId: string;
  requestedBy: string;
  approvedBy: string;
  approvedAt: IsoInstant;
}

export interface CreditNoteRejected {
  invoiceId: string;
  billingAccountId: string;
  creditNoteId: string;
  requestedBy: string;
  rejectedBy: string;
  reason: string;
  rejectedAt: IsoInstant;
}

/** Collections' approved write-off reduced the open amount. */
export interface InvoiceWrittenOff {
  invoiceId: string;
  billingAccountId: string;
  writeOffId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  amountOpen: DecimalString;
  status: InvoiceStatus;
  reason: string;
  writtenOffAt: IsoInstant;
}

/**
 * Invoicing could not apply all (or any) of an adjustment another context decided: an approved
 * write-off (collections) or the credit for an accepted dispute (disputes). What was open was
 * applied (`InvoiceWrittenOff` / `CreditNoteIssued` just before this event); this records the
 * rest, so a coordinator sees it and nothing is silently dropped. `reason`:
 * `exceeds_open_amount` (the invoice was paid or credited meanwhile), `invoice_not_open`
 * (voided, paid, credited or written off), `invoice_not_issued` (draft or unknown),
 * `currency_mismatch` (not the invoice's currency).
 */
export interface InvoiceAdjustmentRejected {
  invoiceId: string;
  billingAccountId: string;
  source: 'write_off' | 'dispute';
  /** Set when `source` is `write_off`. */
  writeOffId?: string;
  /** Set when `source` is `dispute`. */
  disputeId?: string;
  /** The credit note issued for the open part of a dispute credit, if any. */
  creditNoteId?: string;
  currency: CurrencyCode;
  /** What the other context asked for. */
  amountRequested: DecimalString;
  /** The part not applied. */
  amountRejected: DecimalString;
  reason: 'exceeds_open_amount' | 'invoice_not_open' | 'invoice_not_issued' | 'currency_mismatch';
  message: string;
  /**
   * Open amount after whatever part was applied, in the invoice's currency (which differs from
   * `currency` only when `reason` is `currency_mismatch`).
   */
  amountOpen: DecimalString;
  rejectedAt: IsoInstant;
}

// ---------------------------------------------------------------------------------------------
// Numbering series (streams `invoiceseries-<series>`, `creditnoteseries-<series>`)
// ---------------------------------------------------------------------------------------------

/** A gap-free number was assigned to a document (invoice or credit note). */
export interface NumberAssigned {
  series: string;
  documentKind: 'invoice' | 'credit_note';
  documentId: string;
  /** The account the document belongs to (also the Kafka key). */
  billingAccountId: string;
  /** Previous sequence + 1, starting at 1. */
  sequence: Integer;
  number: string;
  /**
   * The document's issue date; never earlier than the series' previous one, so numbers follow
   * dates. Absent on assignments recorded before issue dates could be chosen.
   */
  issueDate?: IsoDate;
}

// ---------------------------------------------------------------------------------------------

export type BillingAccountEvent =
  | DomainEvent<'BillingAccountOpened', BillingAccountOpened>
  | DomainEvent<'BillingDetailsUpdated', BillingDetailsUpdated>
  | DomainEvent<'BillingDetailsVerified', BillingDetailsVerified>
  | DomainEvent<'BillingDetailsVerificationFailed', BillingDetailsVerificationFailed>
  | DomainEvent<'PaymentTermsChanged', PaymentTermsChanged>
  | DomainEvent<'CreditHoldPlaced', CreditHoldPlaced>
  | DomainEvent<'CreditHoldReleased', CreditHoldReleased>
  | DomainEvent<'BillingAccountClosed', BillingAccountClosed>
  | DomainEvent<'PersonalDataErasureRequested', PersonalDataErasureRequested>
  | DomainEvent<'PersonalDataErased', PersonalDataErased>;

export type InvoiceEvent =
  | DomainEvent<'InvoiceDrafted', InvoiceDrafted>
  | DomainEvent<'InvoiceDraftUpdated', InvoiceDraftUpdated>
  | DomainEvent<'InvoiceReviewed', InvoiceReviewed>
  | DomainEvent<'InvoiceIssued', InvoiceIssued>
  | DomainEvent<'InvoiceSent', InvoiceSent>
  | DomainEvent<'PaymentAllocationApplied', PaymentAllocationApplied>
  | DomainEvent<'PaymentAllocationRejected', PaymentAllocationRejected>
  | DomainEvent<'PaymentAllocationReversed', PaymentAllocationReversed>
  | DomainEvent<'InvoiceVoided', InvoiceVoided>
  | DomainEvent<'CreditNoteIssued', CreditNoteIssued>
  | DomainEvent<'CreditNoteRequested', CreditNoteRequested>
  | DomainEvent<'CreditNoteApproved', CreditNoteApproved>
  | DomainEvent<'CreditNoteRejected', CreditNoteRejected>
  | DomainEvent<'InvoiceWrittenOff', InvoiceWrittenOff>
  | DomainEvent<'InvoiceAdjustmentRejected', InvoiceAdjustmentRejected>;

export type NumberingSeriesEvent = DomainEvent<'NumberAssigned', NumberAssigned>;

/** Every event the invoicing service publishes. */
export type InvoicingEvent = BillingAccountEvent | InvoiceEvent | NumberingSeriesEvent;
export type InvoicingEventType = InvoicingEvent['type'];
