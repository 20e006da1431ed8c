import type { InvoicingEventType } from './invoicing.events';
import type { PaymentsEventType } from './payments.events';
import { collectionsEventCatalog } from './collections.events';
import { disputesEventCatalog } from './disputes.events';

export type BoundedContext = 'invoicing' | 'payments' | 'collections' | 'disputes';

/** One published event type; the source for generated JSON Schema and AsyncAPI documents. */
export interface EventCatalogEntry<Type extends string = string> {
  context: BoundedContext;
  type: Type;
  /** Version of the `data` shape; bump (and add an upcaster) on a breaking change. */
  schemaVersion: number;
  /** Stream categories the event is appended to. */
  streamCategories: string[];
  description: string;
}

const invoicing: { [T in InvoicingEventType]: Omit<EventCatalogEntry<T>, 'type' | 'context'> } = {
  BillingAccountOpened: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'A billing account was onboarded; not invoiceable until verified.',
  },
  BillingDetailsUpdated: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'Billing details were corrected; verification must be repeated.',
  },
  BillingDetailsVerified: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'Every item of the billing details checklist passed.',
  },
  BillingDetailsVerificationFailed: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'The billing details checklist failed; lists every problem.',
  },
  PaymentTermsChanged: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'Payment terms (days to due date) changed, with the reason.',
  },
  CreditHoldPlaced: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'No new invoices may be issued to the account.',
  },
  CreditHoldReleased: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'The credit hold was lifted.',
  },
  BillingAccountClosed: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description: 'The account was closed and accepts no invoices.',
  },
  PersonalDataErasureRequested: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description:
      "A billing manager asked to erase the account's personal data; a second manager approves.",
  },
  PersonalDataErased: {
    schemaVersion: 1,
    streamCategories: ['billingaccount'],
    description:
      "The account's data key was destroyed: its personal fields read as [erased] everywhere.",
  },
  InvoiceDrafted: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'An invoice draft with computed line and invoice totals.',
  },
  InvoiceDraftUpdated: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: "The draft's lines and purchase order were replaced.",
  },
  InvoiceReviewed: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'A review of the draft, listing every problem found.',
  },
  InvoiceIssued: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'The invoice was issued with its number, issue and due dates.',
  },
  InvoiceSent: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'The invoice was delivered by email, post or portal.',
  },
  PaymentAllocationApplied: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'Part of a payment was applied; carries the new open amount.',
  },
  PaymentAllocationRejected: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description:
      'An allocation was refused (over-application or invoice not open); payments compensates.',
  },
  PaymentAllocationReversed: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description:
      'An applied allocation was undone, wholly (payment reversed) or in part (chargeback).',
  },
  InvoiceVoided: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'The invoice was voided; nothing had been applied to it.',
  },
  CreditNoteIssued: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'A credit note reduced the open amount (whole invoice, lines or an amount).',
  },
  CreditNoteRequested: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description:
      'A credit note above the approval threshold waits for a billing manager other than the requester.',
  },
  CreditNoteApproved: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'A pending credit note was approved; it is issued, numbered, in the same append.',
  },
  CreditNoteRejected: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'A pending credit note was rejected; nothing was credited.',
  },
  InvoiceWrittenOff: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description: 'An approved write-off reduced the open amount.',
  },
  InvoiceAdjustmentRejected: {
    schemaVersion: 1,
    streamCategories: ['invoice'],
    description:
      'The part of a write-off or dispute credit that could not be applied (more than was open).',
  },
  NumberAssigned: {
    schemaVersion: 1,
    streamCategories: ['invoiceseries', 'creditnoteseries'],
    description: 'A gap-free document number was assigned from a series.',
  },
};

const payments: { [T in PaymentsEventType]: Omit<EventCatalogEntry<T>, 'type' | 'context'> } = {
  PaymentReceived: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'A customer payment was recorded; all of it is unapplied.',
  },
  PaymentReferenceClaimed: {
    schemaVersion: 1,
    streamCategories: ['paymentreference'],
    description: 'An external reference was claimed by a payment (duplicate guard).',
  },
  PaymentAllocated: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'Unapplied money was allocated to invoices (pending until invoicing applies it).',
  },
  AllocationConfirmed: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'Invoicing applied an allocation.',
  },
  AllocationReturned: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'Invoicing rejected an allocation; its amount is unapplied again.',
  },
  PaymentReversed: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'The payment bounced; every allocation is to be reversed.',
  },
  UnappliedCreditRefunded: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'Unapplied money was refunded to the customer.',
  },
  PaymentConfirmationIssued: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description: 'A receipt listing the allocations and the unapplied balance.',
  },
  ChargebackReceived: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description:
      'The bank took back part of a payment applied to one invoice; invoicing reopens it, disputes opens a dispute.',
  },
  UnappliedCreditChargedBack: {
    schemaVersion: 1,
    streamCategories: ['payment'],
    description:
      "A chargeback took back part of the payment's unapplied credit; no invoice reopens.",
  },
};

function entries<T extends string>(
  context: BoundedContext,
  table: { [K in T]: Omit<EventCatalogEntry<K>, 'type' | 'context'> },
): EventCatalogEntry<T>[] {
  return (Object.keys(table) as T[]).map((type) => ({ context, type, ...table[type] }));
}

/** Every published event type, with its context, schema version and meaning. */
export const eventCatalog: ReadonlyArray<EventCatalogEntry> = [
  ...entries<InvoicingEventType>('invoicing', invoicing),
  ...entries<PaymentsEventType>('payments', payments),
  ...[...collectionsEventCatalog, ...disputesEventCatalog].map(
    ({ streamCategory, ...entry }): EventCatalogEntry => ({
      ...entry,
      streamCategories: [streamCategory],
    }),
  ),
];

export function findCatalogEntry(type: string): EventCatalogEntry | undefined {
  return eventCatalog.find((entry) => entry.type === type);
}
