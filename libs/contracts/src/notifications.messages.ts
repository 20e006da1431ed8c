import type { DunningChannel, DunningStepName } from './collections.events';
import type {
  CurrencyCode,
  DecimalString,
  Integer,
  IsoDate,
  IsoInstant,
  PersonalData,
} from './common';

/** Whom a dunning notification addresses; each part is personal and encrypted on the topic. */
export interface DunningNotificationRecipient {
  name: PersonalData;
  email?: PersonalData;
  postalAddress?: PersonalData;
}

/**
 * A dunning notification for the system's own email sender, print shop and call-task tool, on
 * billing.notifications.v1. The recipient and the body are `pd:v1:` ciphertext under the account's
 * data key (a sender opens them through the personal-data key store); `[erased]` once the account
 * was erased, and such a notification is not to be sent. Its event id is the notification id, the
 * id of the DunningStepTaken it announces: de-duplicate on it.
 */
export interface DunningNotificationRequested {
  notificationId: string;
  billingAccountId: string;
  invoiceId: string;
  invoiceNumber: string;
  step: DunningStepName;
  channels: DunningChannel[];
  recipient: DunningNotificationRecipient;
  /** Invoice number and amount only: nothing personal. */
  subject: string;
  /** Plain text: the salutation, invoice number, amount, due date, days overdue and how to pay. */
  body: PersonalData;
  amountConcerned: DecimalString;
  currency: CurrencyCode;
  dueDate: IsoDate;
  daysOverdue: Integer;
  takenOn: IsoDate;
  correlationId: string;
  causationId: string;
  occurredAt: IsoInstant;
}

export type NotificationMessageType = 'DunningNotificationRequested';

/** Messages of billing.notifications.v1; not domain events, so not in the event catalog. */
export const notificationMessageCatalog = [
  {
    context: 'notifications' as const,
    type: 'DunningNotificationRequested' as NotificationMessageType,
    schemaVersion: 1,
    streamCategories: ['dunningnotification'],
    description:
      'A dunning notification to send (email, letter or call task); recipient and body encrypted per billing account.',
  },
];
