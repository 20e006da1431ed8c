/**
 * The registry of personal fields: for each event type, the paths (dot-separated, into `data`) of
 * the fields typed `PersonalData` in the contracts. The event store's personal-data layer encrypts
 * exactly these with the data key of the event's `billingAccountId`, so they can be erased by
 * destroying that key. `personal-data.spec.ts` checks this list against the generated JSON Schemas,
 * so a field typed `PersonalData` cannot be left out of it (or listed without being one).
 */
export const personalDataFields: Readonly<Record<string, readonly string[]>> = {
  BillingAccountOpened: billingDetailsPaths(),
  BillingDetailsUpdated: billingDetailsPaths(),
  InvoiceSent: ['recipient'],
  DisputeOpened: ['customerStatement'],
  DisputeNoteAdded: ['text'],
  DisputeCustomerCommunicationLogged: ['summary'],
  // Not an event of the store: the message on billing.notifications.v1 (notifications.messages.ts).
  DunningNotificationRequested: [
    'recipient.name',
    'recipient.email',
    'recipient.postalAddress',
    'body',
  ],
};

/** What a personal field reads as once its account's data key is destroyed. */
export const erasedPersonalData = '[erased]';

/** The event's personal field paths; empty for an event that carries none. */
export function personalFieldsOf(type: string): readonly string[] {
  return personalDataFields[type] ?? [];
}

function billingDetailsPaths(): string[] {
  // The countries stay clear: tax rules need them, and a country names nobody.
  return [
    'legalName',
    'billingContactName',
    'email',
    'taxId',
    'address.line1',
    'address.line2',
    'address.city',
    'address.postalCode',
    'address.region',
  ];
}
