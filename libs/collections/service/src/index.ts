export { createCollectionsModule, type CollectionsModuleOptions } from './collections.module';
export { collectionsMigrations } from './collections.migrations';
export {
  collectionsSettingsFromEnv,
  defaultCollectionsSettings,
  type CollectionsSettings,
} from './shared/collections.settings';
export type {
  DunningNotificationMessage,
  NotificationSender,
} from './notifications/notification-sender.port';
export {
  PublishingNotificationSender,
  dunningNotificationType,
} from './notifications/publishing-notification-sender.adapter';
export {
  openDunningNotification,
  type DunningNotificationEnvelope,
  type OpenedDunningNotification,
} from './notifications/open-dunning-notification';
export type { DunningRunReport } from './dunning/dunning-scheduler';
export { collectionsStandaloneOptions } from './collections.standalone';
