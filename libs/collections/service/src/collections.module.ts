import { Module, type Type } from '@nestjs/common';
import { PersonalDataCipher } from '@billing/personal-data';
import type { ServiceDeps } from '@billing/platform';
import { AssignSegmentHttpController } from './accounts/commands/assign-segment/assign-segment.http.controller';
import { MakePromiseToPayHttpController } from './collection-cases/commands/make-promise-to-pay/make-promise-to-pay.http.controller';
import { MakePromiseToPayHandler } from './collection-cases/commands/make-promise-to-pay/make-promise-to-pay.handler';
import { AccountStatusHttpController } from './collection-cases/queries/account-status/account-status.http.controller';
import { RunDunningHttpController } from './dunning/commands/run-dunning/run-dunning.http.controller';
import { DunningScheduler } from './dunning/dunning-scheduler';
import { DunningTimer } from './dunning/dunning-timer';
import { DunningPoliciesHttpController } from './dunning/queries/dunning-policies/dunning-policies.http.controller';
import { DisputesEventsProcess } from './integration/disputes-events.process';
import { InvoicingEventsProcess } from './integration/invoicing-events.process';
import { PaymentsEventsProcess } from './integration/payments-events.process';
import { DunningNotificationsProcess } from './notifications/dunning-notifications.process';
import {
  NOTIFICATION_SENDER,
  type NotificationSender,
} from './notifications/notification-sender.port';
import { PublishingNotificationSender } from './notifications/publishing-notification-sender.adapter';
import { AgreePaymentPlanHttpController } from './payment-plans/commands/agree-payment-plan/agree-payment-plan.http.controller';
import { PlanCoverageProcess } from './payment-plans/plan-coverage.process';
import { GetPaymentPlanHttpController } from './payment-plans/queries/get-payment-plan/get-payment-plan.http.controller';
import { CollectionsProjections } from './read-models/collections-projections';
import { CollectionsCommands } from './shared/collections-commands';
import { COLLECTIONS_DEPS, type CollectionsDeps } from './shared/collections.deps';
import {
  checkSettings,
  collectionsSettingsFromEnv,
  type CollectionsSettings,
} from './shared/collections.settings';
import { WorklistHttpController } from './worklist/queries/worklist/worklist.http.controller';
import { DecideWriteOffHttpController } from './write-offs/commands/decide-write-off/decide-write-off.http.controller';
import { RequestWriteOffHttpController } from './write-offs/commands/request-write-off/request-write-off.http.controller';
import { GetWriteOffHttpController } from './write-offs/queries/get-write-off/get-write-off.http.controller';
import { WriteOffViews } from './write-offs/write-off.view';

export interface CollectionsModuleOptions {
  /** Over the settings read from `deps.env` (COLLECTIONS_* variables). */
  settings?: Partial<CollectionsSettings>;
  /** Default: publishing to `deps.notificationsPublisher`, when given. */
  notificationSender?: NotificationSender;
}

/**
 * The collections service as one Nest module, mounted under `collections` alone (main.ts) or
 * beside the other services (embedded mode). A class per call, because RouterModule prefixes the
 * controllers of the mounted class itself.
 */
export function createCollectionsModule(
  deps: ServiceDeps,
  options: CollectionsModuleOptions = {},
): Type<unknown> {
  const settings = checkSettings({
    ...collectionsSettingsFromEnv(deps.env),
    ...options.settings,
  });
  const collectionsDeps: CollectionsDeps = { ...deps, settings };
  const sender =
    options.notificationSender ??
    // No key store, no sender: a notification is never published with the customer in clear.
    (deps.notificationsPublisher && deps.personalDataKeys
      ? new PublishingNotificationSender(
          deps.notificationsPublisher(),
          new PersonalDataCipher(deps.personalDataKeys),
        )
      : null);

  @Module({
    controllers: [
      MakePromiseToPayHttpController,
      AccountStatusHttpController,
      AgreePaymentPlanHttpController,
      GetPaymentPlanHttpController,
      RequestWriteOffHttpController,
      DecideWriteOffHttpController,
      GetWriteOffHttpController,
      WorklistHttpController,
      RunDunningHttpController,
      DunningPoliciesHttpController,
      AssignSegmentHttpController,
    ],
    providers: [
      { provide: COLLECTIONS_DEPS, useValue: collectionsDeps },
      { provide: NOTIFICATION_SENDER, useValue: sender },
      CollectionsProjections,
      CollectionsCommands,
      MakePromiseToPayHandler,
      WriteOffViews,
      PlanCoverageProcess,
      DunningScheduler,
      DunningTimer,
      DunningNotificationsProcess,
      InvoicingEventsProcess,
      PaymentsEventsProcess,
      DisputesEventsProcess,
    ],
  })
  class CollectionsModule {}
  return CollectionsModule;
}
