import type { OpenAmountChangeCause } from '@billing/contracts';
import type { DunningPolicy } from '../dunning/dunning-policy';

type Command<Type extends string, Data> = { type: Type; data: Data };

/** Fed by the service from InvoiceIssued. */
export type TrackInvoice = Command<
  'TrackInvoice',
  {
    billingAccountId: string;
    invoiceId: string;
    invoiceNumber: string;
    currency: string;
    amountTotal: string;
    amountOpen: string;
    dueDate: string;
    segment?: string;
    /** Version of the invoice's stream the InvoiceIssued was read from. */
    invoiceVersion?: number;
  }
>;

/** Fed from PaymentAllocationApplied/Reversed, CreditNoteIssued, InvoiceWrittenOff. */
export type RecordOpenAmountChanged = Command<
  'RecordOpenAmountChanged',
  {
    amountOpen: string;
    cause: OpenAmountChangeCause;
    reference?: string;
    /** A credit note issued for an accepted dispute: clears what is still held for it. */
    disputeId?: string;
    occurredOn: string;
    /** Version of the invoice's stream the change was read from; a repeat or older one is ignored. */
    invoiceVersion?: number;
  }
>;

/** Fed from DisputeOpened. */
export type PlaceDisputeHold = Command<'PlaceDisputeHold', { disputeId: string; amount: string }>;

/** Fed from DisputeAccepted (its releasedAmount), DisputeRejected and DisputeWithdrawn. */
export type ReleaseDisputeHold = Command<
  'ReleaseDisputeHold',
  { disputeId: string; amountReleased: string }
>;

/**
 * Fed from InvoiceAdjustmentRejected with source `dispute`: invoicing refused the credit note for
 * an accepted dispute (the invoice was voided, paid or credited meanwhile), so no credit note will
 * ever lower the open amount for it.
 */
export type ReleaseRejectedDisputeCredit = Command<
  'ReleaseRejectedDisputeCredit',
  { disputeId: string }
>;

/** Fed from PaymentPlanAgreed, one per invoice in the plan. */
export type PlaceUnderPlan = Command<'PlaceUnderPlan', { planId: string; amount: string }>;

/** Fed from PaymentPlanBroken or PaymentPlanCompleted. */
export type ReleaseFromPlan = Command<
  'ReleaseFromPlan',
  {
    planId: string;
    reason: 'broken' | 'completed' | 'cancelled';
    releasedOn: string;
    policy?: DunningPolicy;
  }
>;

/** Run by the scheduler every day; `policy` is the account segment's (default when omitted). */
export type RunDunning = Command<'RunDunning', { today: string; policy?: DunningPolicy }>;

export type MakePromiseToPay = Command<
  'MakePromiseToPay',
  { promiseId: string; amount: string; date: string; today: string; madeBy: string }
>;

export type EvaluatePromise = Command<
  'EvaluatePromise',
  {
    today: string;
    /** Default: the payments applied to the invoice since the promise, as the case recorded them. */
    amountPaidSincePromise?: string;
    policy?: DunningPolicy;
  }
>;

/** Fed from InvoiceVoided and InvoiceWrittenOff (when nothing is left open). */
export type CloseCase = Command<
  'CloseCase',
  { reason: 'voided' | 'written_off'; closedOn: string; invoiceVersion?: number }
>;

export type CollectionCaseCommand =
  | TrackInvoice
  | RecordOpenAmountChanged
  | PlaceDisputeHold
  | ReleaseDisputeHold
  | ReleaseRejectedDisputeCredit
  | PlaceUnderPlan
  | ReleaseFromPlan
  | RunDunning
  | MakePromiseToPay
  | EvaluatePromise
  | CloseCase;
