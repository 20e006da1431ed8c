import type { RecordedEvent } from '@billing/event-store';
import type { EventPublisher } from '@billing/messaging';
import type { DunningNotificationMessage, NotificationSender } from './notification-sender.port';

export const dunningNotificationType = 'DunningNotificationRequested';

/**
 * The default adapter: each notification is one message on `billing.notifications.v1` (Kafka
 * standalone, the in-process bus embedded), keyed by billing account id and shaped like every
 * other billing message (envelope with headers), its event id being the notification id.
 */
export class PublishingNotificationSender implements NotificationSender {
  constructor(private readonly publisher: EventPublisher) {}

  start(): Promise<void> {
    return this.publisher.connect();
  }

  async send(notifications: DunningNotificationMessage[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.publisher.publish(notifications.map(toEnvelope));
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
