import { erasedPersonalData, type DunningNotificationRequested } from '@billing/contracts';
import type { PersonalDataCipher } from '@billing/personal-data';
import { dunningNotificationType } from './publishing-notification-sender.adapter';

/** A notification as read from billing.notifications.v1: the envelope's id and its data. */
export interface DunningNotificationEnvelope {
  eventId: string;
  type: string;
  data: DunningNotificationRequested;
}

export type OpenedDunningNotification =
  | { sendable: true; notification: DunningNotificationRequested }
  /** The account was erased (its key destroyed): nobody left to address, nothing to send. */
  | { sendable: false; notification: DunningNotificationRequested };

/**
 * What an email sender, print shop or call-task tool does with a message of the notifications
 * topic: open its recipient and body through the personal-data key store (the same cipher as
 * the events). Once the account is erased they read `[erased]` and the notification is not sent.
 */
export async function openDunningNotification(
  envelope: DunningNotificationEnvelope,
  cipher: PersonalDataCipher,
): Promise<OpenedDunningNotification> {
  if (envelope.type !== dunningNotificationType)
    throw new Error(`not a dunning notification: ${envelope.type}`);
  const { data: notification } = await cipher.decryptEvent(envelope);
  const erased =
    notification.body === erasedPersonalData || notification.recipient.name === erasedPersonalData;
  return { sendable: !erased, notification };
}
