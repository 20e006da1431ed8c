/**
 * Events of the collections context: receivable cases (dunning, promises to pay, holds),
 * payment plans and write-offs. Amounts are decimal strings with the currency's minor units
 * ("1000.00"), dates are ISO calendar dates `YYYY-MM-DD`, instants ISO-8601 with a zone. Every
 * `data` carries `billingAccountId`, the Kafka key, so one account's events stay ordered.
 */

import type { CurrencyCode, DecimalString, Integer, IsoDate, IsoInstant } from './common';

export const collectionsTopic = 'billing.collections.v1';

export const collectionsStreamCategories = {
  collectionCase: 'collectioncase',
  paymentPlan: 'paymentplan',
  writeOff: 'writeoff',
  collectionsAccount: 'collectionsaccount',
} as const;

/** One receivable case per issued invoice. */
export const collectionCaseStream = (invoiceId: string): string =>
  `${collectionsStreamCategories.collectionCase}-${invoiceId}`;

export const paymentPlanStream = (planId: string): string =>
  `${collectionsStreamCategories.paymentPlan}-${planId}`;

export const writeOffStream = (writeOffId: string): string =>
  `${collectionsStreamCategories.writeOff}-${writeOffId}`;

/** Collections' own facts about a billing account (its segment). */
export const collectionsAccountStream = (billingAccountId: string): string =>
  `${collectionsStreamCategories.collectionsAccount}-${billingAccountId}`;

export type DunningStepName =
  'first_reminder' | 'second_reminder' | 'collections_call' | 'final_notice' | 'agency_referral';

export type DunningChannel = 'email' | 'post' | 'call_task' | 'agency';

/** Why an open amount changed; mirrors the invoicing/payments event the service learned it from. */
export type OpenAmountChangeCause =
  'payment_applied' | 'payment_reversed' | 'credit_note' | 'write_off' | 'adjustment';

// ---------------------------------------------------------------- receivable case

export interface InvoiceTracked {
  billingAccountId: string;
  invoiceId: string;
  invoiceNumber: string;
  currency: CurrencyCode;
  amountTotal: DecimalString;
  amountOpen: DecimalString;
  dueDate: IsoDate;
  /** Account segment whose dunning policy applies, e.g. `"standard"`, `"enterprise"`. */
  segment: string;
  /**
   * Version of the invoice's stream (`invoice-<id>`) this was learned from. Invoicing's events
   * arrive at least once and in order per account, so one at or below it is a repeat and is
   * ignored. Absent when not learned from an invoicing event.
   */
  invoiceVersion?: Integer;
}

export interface OpenAmountChanged {
  billingAccountId: string;
  invoiceId: string;
  amountOpen: DecimalString;
  amountOpenBefore: DecimalString;
  cause: OpenAmountChangeCause;
  /** The payment, credit note or write-off behind the change, when known. */
  reference?: string;
  /** Set when a credit note settles an accepted dispute. */
  disputeId?: string;
  occurredOn: IsoDate;
  /**
   * Version of the invoice's stream (`invoice-<id>`) this was learned from. Invoicing's events
   * arrive at least once and in order per account, so one at or below it is a repeat and is
   * ignored. Absent when not learned from an invoicing event.
   */
  invoiceVersion?: Integer;
}

export interface DisputeHoldPlaced {
  billingAccountId: string;
  invoiceId: string;
  disputeId: string;
  amount: DecimalString;
  amountHeldTotal: DecimalString;
}

export interface DisputeHoldReleased {
  billingAccountId: string;
  invoiceId: string;
  disputeId: string;
  /** Returned to dunning. */
  amountReleased: DecimalString;
  /** Still held for this dispute (an accepted part waiting for its credit note), often "0.00". */
  amountStillHeld: DecimalString;
  /**
   * `resolved`: the dispute ended its hold: rejected, withdrawn, accepted (the accepted part may
   * stay held for its credit note), or accepted but invoicing refused its credit note (the event's
   * causationId names the InvoiceAdjustmentRejected); `credited`: invoicing's credit note for the
   * accepted part lowered the open amount.
   */
  reason: 'resolved' | 'credited';
}

export interface InvoicePlacedUnderPlan {
  billingAccountId: string;
  invoiceId: string;
  planId: string;
  amountUnderPlan: DecimalString;
}

export interface InvoiceReleasedFromPlan {
  billingAccountId: string;
  invoiceId: string;
  planId: string;
  reason: 'broken' | 'completed' | 'cancelled';
  releasedOn: IsoDate;
  /** Days added to the remaining dunning steps so the schedule resumes with the next step. */
  scheduleShiftDays: Integer;
}

export interface DunningStepTaken {
  billingAccountId: string;
  invoiceId: string;
  invoiceNumber: string;
  step: DunningStepName;
  channels: DunningChannel[];
  /** Open minus disputed-on-hold minus under a payment plan. */
  amountConcerned: DecimalString;
  currency: CurrencyCode;
  daysOverdue: Integer;
  dueDate: IsoDate;
  takenOn: IsoDate;
}

export interface DunningStepSkipped {
  billingAccountId: string;
  invoiceId: string;
  step: DunningStepName;
  /** A later step was due on the same run (the scheduler did not run for a while). */
  reason: 'superseded';
  supersededBy: DunningStepName;
  skippedOn: IsoDate;
}

export interface PromiseToPayMade {
  billingAccountId: string;
  invoiceId: string;
  promiseId: string;
  amount: DecimalString;
  currency: CurrencyCode;
  promisedDate: IsoDate;
  madeOn: IsoDate;
  madeBy: string;
}

export interface PromiseToPayKept {
  billingAccountId: string;
  invoiceId: string;
  promiseId: string;
  amountPaid: DecimalString;
  evaluatedOn: IsoDate;
  /** Days added to the remaining dunning steps so the schedule resumes with the next step. */
  scheduleShiftDays: Integer;
}

export interface PromiseToPayBroken {
  billingAccountId: string;
  invoiceId: string;
  promiseId: string;
  amountPromised: DecimalString;
  amountPaid: DecimalString;
  amountShort: DecimalString;
  evaluatedOn: IsoDate;
  /** Days added to the remaining dunning steps so the schedule resumes with the next step. */
  scheduleShiftDays: Integer;
}

export interface CollectionCaseClosed {
  billingAccountId: string;
  invoiceId: string;
  reason: 'voided' | 'written_off';
  closedOn: IsoDate;
  /**
   * Version of the invoice's stream (`invoice-<id>`) this was learned from. Invoicing's events
   * arrive at least once and in order per account, so one at or below it is a repeat and is
   * ignored. Absent when not learned from an invoicing event.
   */
  invoiceVersion?: Integer;
}

// ---------------------------------------------------------------- payment plan

export interface PlanInvoice {
  invoiceId: string;
  amount: DecimalString;
}

export interface PlanInstalment {
  number: Integer;
  dueDate: IsoDate;
  amount: DecimalString;
}

export interface PaymentPlanAgreed {
  billingAccountId: string;
  planId: string;
  currency: CurrencyCode;
  invoices: PlanInvoice[];
  total: DecimalString;
  instalments: PlanInstalment[];
  agreedOn: IsoDate;
  agreedBy: string;
}

export interface PlanPaymentRecorded {
  billingAccountId: string;
  planId: string;
  paymentId: string;
  /**
   * The payment's allocation to one invoice of the plan, when the payment was learned per
   * allocation (one payment may pay several invoices of the plan); repeats are ignored by it.
   */
  allocationId?: string;
  amount: DecimalString;
  paidOn: IsoDate;
  /** Oldest instalment first. */
  allocations: Array<{ number: Integer; amount: DecimalString }>;
  /** More than the plan still owed; left for payments to allocate elsewhere. */
  amountUnapplied: DecimalString;
}

/**
 * A payment counted toward an active plan was reversed by payments (it bounced): what it had paid
 * toward the instalments is owed again, so an instalment it had settled can now be missed.
 */
export interface PlanPaymentReversed {
  billingAccountId: string;
  planId: string;
  paymentId: string;
  /** The allocation recorded by `PlanPaymentRecorded`, when it was recorded per allocation. */
  allocationId?: string;
  /** What the payment had paid toward the plan. */
  amount: DecimalString;
  /** The instalments it had paid and how much of each, as recorded. */
  allocations: Array<{ number: Integer; amount: DecimalString }>;
  reason: string;
  reversedOn: IsoDate;
}

export interface InstalmentPaid {
  billingAccountId: string;
  planId: string;
  number: Integer;
  dueDate: IsoDate;
  paidOn: IsoDate;
  /** 0 when paid on or before the due date. */
  daysLate: Integer;
}

export interface InstalmentMissed {
  billingAccountId: string;
  planId: string;
  number: Integer;
  dueDate: IsoDate;
  amountDue: DecimalString;
  amountUnpaid: DecimalString;
  graceDays: Integer;
  detectedOn: IsoDate;
}

export interface PaymentPlanBroken {
  billingAccountId: string;
  planId: string;
  /** What the plan still owed; dunning resumes on this amount only. */
  amountUnpaid: DecimalString;
  /** The unpaid amount per invoice, plan payments settling the invoices in the plan's order. */
  invoices: PlanInvoice[];
  brokenOn: IsoDate;
}

export interface PaymentPlanCompleted {
  billingAccountId: string;
  planId: string;
  completedOn: IsoDate;
}

// ---------------------------------------------------------------- write-off

export interface WriteOffInvoice {
  invoiceId: string;
  amount: DecimalString;
}

export interface WriteOffRequested {
  billingAccountId: string;
  writeOffId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  invoices: WriteOffInvoice[];
  reason: string;
  requestedBy: string;
  requestedAt: IsoInstant;
  /** Amounts above this need a billing manager's approval. */
  approvalThreshold: DecimalString;
  approvalRequired: boolean;
}

export interface WriteOffApproved {
  billingAccountId: string;
  writeOffId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  invoices: WriteOffInvoice[];
  reason: string;
  requestedBy: string;
  /** `"system"` when auto-approved at or below the threshold. */
  approvedBy: string;
  autoApproved: boolean;
  approvedAt: IsoInstant;
}

export interface WriteOffRejected {
  billingAccountId: string;
  writeOffId: string;
  rejectedBy: string;
  reason: string;
  rejectedAt: IsoInstant;
}

// ---------------------------------------------------------------- settings

/** The account's segment, whose dunning policy now applies to its invoices. */
export interface AccountSegmentAssigned {
  billingAccountId: string;
  segment: string;
  previousSegment: string;
  assignedBy: string;
  assignedAt: IsoInstant;
}

/**
 * A write-off request counted against the account's maker-checker limits (the sums per invoice
 * and over a rolling 30 days), appended together with its WriteOffRequested, so requests that
 * race each other are counted one after the other and a split cannot stay under the threshold.
 */
export interface WriteOffCounted {
  billingAccountId: string;
  writeOffId: string;
  currency: CurrencyCode;
  amount: DecimalString;
  invoices: WriteOffInvoice[];
  requestedAt: IsoInstant;
}

// ---------------------------------------------------------------- unions and catalog

type Event<Type extends string, Data> = { type: Type; data: Data };

export type CollectionCaseEvent =
  | Event<'InvoiceTracked', InvoiceTracked>
  | Event<'OpenAmountChanged', OpenAmountChanged>
  | Event<'DisputeHoldPlaced', DisputeHoldPlaced>
  | Event<'DisputeHoldReleased', DisputeHoldReleased>
  | Event<'InvoicePlacedUnderPlan', InvoicePlacedUnderPlan>
  | Event<'InvoiceReleasedFromPlan', InvoiceReleasedFromPlan>
  | Event<'DunningStepTaken', DunningStepTaken>
  | Event<'DunningStepSkipped', DunningStepSkipped>
  | Event<'PromiseToPayMade', PromiseToPayMade>
  | Event<'PromiseToPayKept', PromiseToPayKept>
  | Event<'PromiseToPayBroken', PromiseToPayBroken>
  | Event<'CollectionCaseClosed', CollectionCaseClosed>;

export type PaymentPlanEvent =
  | Event<'PaymentPlanAgreed', PaymentPlanAgreed>
  | Event<'PlanPaymentRecorded', PlanPaymentRecorded>
  | Event<'PlanPaymentReversed', PlanPaymentReversed>
  | Event<'InstalmentPaid', InstalmentPaid>
  | Event<'InstalmentMissed', InstalmentMissed>
  | Event<'PaymentPlanBroken', PaymentPlanBroken>
  | Event<'PaymentPlanCompleted', PaymentPlanCompleted>;

export type WriteOffEvent =
  | Event<'WriteOffRequested', WriteOffRequested>
  | Event<'WriteOffApproved', WriteOffApproved>
  | Event<'WriteOffRejected', WriteOffRejected>;

export type CollectionsAccountEvent =
  | Event<'AccountSegmentAssigned', AccountSegmentAssigned>
  | Event<'WriteOffCounted', WriteOffCounted>;

export type CollectionsEvent =
  CollectionCaseEvent | PaymentPlanEvent | WriteOffEvent | CollectionsAccountEvent;
export type CollectionsEventType = CollectionsEvent['type'];

export interface CollectionsEventCatalogEntry {
  context: 'collections';
  type: CollectionsEventType;
  schemaVersion: 1;
  streamCategory: string;
  description: string;
}

const catalog: { [T in CollectionsEventType]: [category: string, description: string] } = {
  InvoiceTracked: [
    'collectioncase',
    'An issued invoice is followed for collection: due date and open amount.',
  ],
  OpenAmountChanged: [
    'collectioncase',
    'A payment, reversal, credit note or write-off changed the open amount.',
  ],
  DisputeHoldPlaced: ['collectioncase', 'A disputed amount is on hold and not chased.'],
  DisputeHoldReleased: [
    'collectioncase',
    'A dispute hold was lifted; the released amount is chased again.',
  ],
  InvoicePlacedUnderPlan: [
    'collectioncase',
    'Part or all of the invoice is covered by a payment plan.',
  ],
  InvoiceReleasedFromPlan: [
    'collectioncase',
    'The payment plan ended; any unpaid remainder is chased again.',
  ],
  DunningStepTaken: [
    'collectioncase',
    'A dunning step (reminder, call, notice, agency) is to be carried out.',
  ],
  DunningStepSkipped: [
    'collectioncase',
    'A dunning step was passed over because a later one was due.',
  ],
  PromiseToPayMade: [
    'collectioncase',
    'The customer promised to pay an amount by a date; dunning pauses.',
  ],
  PromiseToPayKept: ['collectioncase', 'The promised amount was paid.'],
  PromiseToPayBroken: [
    'collectioncase',
    'The promised date passed without the amount; dunning resumes.',
  ],
  CollectionCaseClosed: [
    'collectioncase',
    'The invoice was voided or written off; nothing left to chase.',
  ],
  PaymentPlanAgreed: [
    'paymentplan',
    'A payment plan with instalments summing exactly to its total.',
  ],
  PlanPaymentRecorded: [
    'paymentplan',
    'A payment toward the plan, matched to instalments oldest first.',
  ],
  PlanPaymentReversed: [
    'paymentplan',
    'A payment counted toward the plan bounced; what it paid is owed again.',
  ],
  InstalmentPaid: ['paymentplan', 'An instalment was paid in full.'],
  InstalmentMissed: ['paymentplan', 'An instalment was unpaid after its due date and grace days.'],
  PaymentPlanBroken: [
    'paymentplan',
    'The plan is broken; dunning resumes on the unpaid remainder.',
  ],
  PaymentPlanCompleted: ['paymentplan', 'Every instalment was paid.'],
  WriteOffRequested: [
    'writeoff',
    'A collections agent asked to write off an uncollectable amount.',
  ],
  WriteOffApproved: [
    'writeoff',
    'A write-off was approved (or auto-approved); invoicing adjusts the invoices.',
  ],
  WriteOffRejected: ['writeoff', 'A billing manager rejected the write-off.'],
  AccountSegmentAssigned: [
    'collectionsaccount',
    "The account moved to a segment; that segment's dunning policy now applies.",
  ],
  WriteOffCounted: [
    'collectionsaccount',
    "A write-off request counted toward the account's approval limits (per invoice, rolling 30 days).",
  ],
};

/** Every collections event type, for the lead's merged catalog (JSON Schema, AsyncAPI). */
export const collectionsEventCatalog: ReadonlyArray<CollectionsEventCatalogEntry> = (
  Object.keys(catalog) as CollectionsEventType[]
).map((type) => ({
  context: 'collections',
  type,
  schemaVersion: 1,
  streamCategory: catalog[type][0],
  description: catalog[type][1],
}));
