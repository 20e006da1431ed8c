import type { RecordedEvent } from '@billing/event-store';
import type { EventPublisher } from '@billing/messaging';
import type { PersonalDataCipher } from '@billing/personal-data';
import type { DunningNotificationMessage, NotificationSender } from './notification-sender.port';

export const dunningNotificationType = 'DunningNotificationRequested';

/**
 * The default adapter: each notification is one message on `billing.notifications.v1` (Kafka
 * standalone, the in-process bus embedded), keyed by billing account id and shaped like every
 * other billing message (envelope with headers), its event id being the notification id.
 *
 * The recipient and the body name the customer, so they leave encrypted under the account's data
 * key, like the personal fields of stored events (`DunningNotificationRequested` is in the
 * personal-data registry): Kafka never carries them in clear, and a notification read after the
 * account's erasure opens as `[erased]` (see `openDunningNotification`).
 */
export class PublishingNotificationSender implements NotificationSender {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly cipher: PersonalDataCipher,
  ) {}

  start(): Promise<void> {
    return this.publisher.connect();
  }

  async send(notifications: DunningNotificationMessage[]): Promise<void> {
    if (notifications.length === 0) return;
    const envelopes = await Promise.all(
      notifications.map((notification) => this.cipher.encryptEvent(toEnvelope(notification))),
    );
    await this.publisher.publish(envelopes);
  }

  stop(): Promise<void> {
    return this.publisher.disconnect();
  }
}

function toEnvelope(notification: DunningNotificationMessage): RecordedEvent {
  return {
    eventId: notification.notificationId,
    type: dunningNotificationType,
    schemaVersion: 1,
    // Not a stream of the store: the notification's own address, for routing and tracing only.
    streamId: `dunningnotification-${notification.notificationId}`,
    streamVersion: 1,
    globalPosition: 0,
    occurredAt: notification.occurredAt,
    recordedAt: notification.occurredAt,
    data: notification,
    metadata: {
      correlationId: notification.correlationId,
      causationId: notification.causationId,
      actor: { id: 'collections-service', roles: ['service'] },
      service: 'collections',
    },
  };
}
