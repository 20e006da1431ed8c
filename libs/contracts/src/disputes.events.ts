/**
 * Events of the disputes context. Amounts are decimal strings with the currency's minor units,
 * dates ISO `YYYY-MM-DD`, instants ISO-8601 with a zone. Every `data` carries `billingAccountId`,
 * the Kafka key.
 */

import type {
  CurrencyCode,
  DecimalString,
  Integer,
  IsoDate,
  IsoInstant,
  PersonalData,
} from './common';

export const disputesTopic = 'billing.disputes.v1';

export const disputesStreamCategories = { dispute: 'dispute' } as const;

export const disputeStream = (disputeId: string): string =>
  `${disputesStreamCategories.dispute}-${disputeId}`;

export type DisputeScope = 'whole' | 'lines' | 'amount';

export const disputeReasonCategories = [
  'pricing_error',
  'service_not_received',
  'duplicate_charge',
  'quality',
  'unauthorised_charge',
  'other',
] as const;
export type DisputeReasonCategory = (typeof disputeReasonCategories)[number];

export type DisputeSource = 'manual' | 'chargeback';

export const disputeDepartments = ['sales', 'operations', 'customer_service', 'finance'] as const;
export type DisputeDepartment = (typeof disputeDepartments)[number];

export type CommunicationChannel = 'email' | 'phone' | 'letter' | 'portal' | 'meeting';

export interface DisputeOpened {
  billingAccountId: string;
  disputeId: string;
  invoiceId: string;
  invoiceNumber?: string;
  scope: DisputeScope;
  lineIds?: string[];
  /** The amount put on hold in collections. */
  amount: DecimalString;
  currency: CurrencyCode;
  reasonCategory: DisputeReasonCategory;
  customerStatement: PersonalData;
  openedAt: IsoInstant;
  openedBy: string;
  source: DisputeSource;
  chargebackReference?: string;
  /** The date the customer raised it, when a coordinator recorded it later than that. */
  receivedDate?: IsoDate;
  /** receivedDate (else openedAt's date) plus the SLA in business days (weekends skipped). */
  resolutionDueDate: IsoDate;
}

export interface DisputeAssigned {
  billingAccountId: string;
  disputeId: string;
  owner: string;
  department: DisputeDepartment;
  previousOwner?: string;
  assignedBy: string;
  assignedAt: IsoInstant;
}

export interface DisputeNoteAdded {
  billingAccountId: string;
  disputeId: string;
  text: PersonalData;
  author: string;
  addedAt: IsoInstant;
}

export interface DisputeEvidenceAdded {
  billingAccountId: string;
  disputeId: string;
  /** A document id or URL in the document store; the file itself never travels in events. */
  reference: string;
  description?: string;
  addedBy: string;
  addedAt: IsoInstant;
}

export interface DisputeCustomerCommunicationLogged {
  billingAccountId: string;
  disputeId: string;
  channel: CommunicationChannel;
  summary: PersonalData;
  at: IsoInstant;
  loggedBy: string;
}

export interface DisputeEscalated {
  billingAccountId: string;
  disputeId: string;
  escalatedTo: 'billing-manager';
  resolutionDueDate: IsoDate;
  /** Calendar days past the resolution due date. */
  daysPastDue: Integer;
  owner?: string;
  escalatedOn: IsoDate;
}

export interface DisputeAccepted {
  billingAccountId: string;
  disputeId: string;
  invoiceId: string;
  outcome: 'accepted_full' | 'accepted_partial';
  currency: CurrencyCode;
  /** Invoicing issues a credit note for this amount referencing the dispute. */
  acceptedAmount: DecimalString;
  /** The rest of the disputed amount, chased again by collections. */
  releasedAmount: DecimalString;
  explanation?: string;
  resolvedBy: string;
  resolvedAt: IsoInstant;
}

export interface DisputeRejected {
  billingAccountId: string;
  disputeId: string;
  invoiceId: string;
  currency: CurrencyCode;
  explanation: string;
  releasedAmount: DecimalString;
  resolvedBy: string;
  resolvedAt: IsoInstant;
}

export interface DisputeWithdrawn {
  billingAccountId: string;
  disputeId: string;
  invoiceId: string;
  currency: CurrencyCode;
  releasedAmount: DecimalString;
  explanation?: string;
  resolvedBy: string;
  resolvedAt: IsoInstant;
}

// A chargeback that opens a dispute arrives as payments' `ChargebackReceived`
// (payments.events.ts, exported from '@billing/contracts' under that name).

type Event<Type extends string, Data> = { type: Type; data: Data };

export type DisputeEvent =
  | Event<'DisputeOpened', DisputeOpened>
  | Event<'DisputeAssigned', DisputeAssigned>
  | Event<'DisputeNoteAdded', DisputeNoteAdded>
  | Event<'DisputeEvidenceAdded', DisputeEvidenceAdded>
  | Event<'DisputeCustomerCommunicationLogged', DisputeCustomerCommunicationLogged>
  | Event<'DisputeEscalated', DisputeEscalated>
  | Event<'DisputeAccepted', DisputeAccepted>
  | Event<'DisputeRejected', DisputeRejected>
  | Event<'DisputeWithdrawn', DisputeWithdrawn>;

export type DisputesEvent = DisputeEvent;
export type DisputesEventType = DisputesEvent['type'];

export interface DisputesEventCatalogEntry {
  context: 'disputes';
  type: DisputesEventType;
  schemaVersion: 1;
  streamCategory: string;
  description: string;
}

const descriptions: { [T in DisputesEventType]: string } = {
  DisputeOpened:
    'A customer or a chargeback disputes an invoice amount; collections puts it on hold.',
  DisputeAssigned: 'The dispute has a new owner and department.',
  DisputeNoteAdded: 'An internal note on the dispute.',
  DisputeEvidenceAdded: 'A reference to a supporting document.',
  DisputeCustomerCommunicationLogged: 'A contact with the customer about the dispute.',
  DisputeEscalated: 'The dispute passed its resolution due date; a billing manager is alerted.',
  DisputeAccepted:
    'The dispute was upheld in full or in part; invoicing credits the accepted amount.',
  DisputeRejected: 'The dispute was rejected with an explanation; the hold is lifted.',
  DisputeWithdrawn: 'The customer withdrew the dispute; the hold is lifted.',
};

/** Every disputes event type, for the lead's merged catalog (JSON Schema, AsyncAPI). */
export const disputesEventCatalog: ReadonlyArray<DisputesEventCatalogEntry> = (
  Object.keys(descriptions) as DisputesEventType[]
).map((type) => ({
  context: 'disputes',
  type,
  schemaVersion: 1,
  streamCategory: disputesStreamCategories.dispute,
  description: descriptions[type],
}));
