import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import {
  erasedPersonalData,
  collectionCaseStream,
  collectionsStreamCategories,
  type CollectionCaseEvent,
  type DunningStepTaken,
} from '@billing/contracts';
import {
  collectionCaseDecider,
  notificationFor,
  type AccountContact,
  type CollectionCaseState,
} from '@billing/collections-domain';
import { PLATFORM_LOGGER, type Logger } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { supervised, type Follower } from '../shared/supervised';
import {
  NOTIFICATION_SENDER,
  type DunningNotificationMessage,
  type NotificationSender,
} from './notification-sender.port';

/** Notifications handed to the sender at once (the Kafka relay's bound). */
const batchSizeMax = 50;

/**
 * Sends a notification for every DunningStepTaken the store has committed: a subscription with its
 * own checkpoint, moved only after the sender accepted the batch, so a step is never announced
 * before it is recorded and never lost after (at least once; the notification id is the event id).
 */
@Injectable()
export class DunningNotificationsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Follower | undefined;
  private sentCount = 0;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(NOTIFICATION_SENDER) private readonly sender: NotificationSender | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sender = this.sender;
    if (!sender) {
      // The checkpoint stays where it is: a sender configured later announces what was missed.
      this.logger.warn({ process: 'dunning-notifications' }, 'no notification sender configured');
      return;
    }
    // Connected on the first batch, not here: the service starts while Kafka is away. A failed
    // connect or send restarts the subscription from its checkpoint (see supervised).
    let started: Promise<void> | undefined;
    const ensureStarted = (): Promise<void> => {
      started ??= sender.start().catch((error: unknown) => {
        started = undefined;
        throw error;
      });
      return started;
    };
    this.subscription = supervised('collections.dunning-notifications', this.logger, () =>
      this.deps.store.subscribe({
        subscriptionId: 'collections.dunning-notifications',
        batchSizeMax,
        filter: { categories: [collectionsStreamCategories.collectionCase] },
        handle: async (events) => {
          const steps = events.filter((event) => event.type === 'DunningStepTaken');
          if (steps.length === 0) return;
          await ensureStarted();
          const notifications: DunningNotificationMessage[] = [];
          for (const step of steps) notifications.push(await this.notificationOf(step));
          await sender.send(notifications);
          this.sentCount += notifications.length;
          this.logger.info(
            {
              process: 'dunning-notifications',
              notificationCount: notifications.length,
              sentCount: this.sentCount,
            },
            'dunning notifications sent',
          );
        },
      }),
    );
  }

  /** Resolves once every step committed before the call has been handed to the sender. */
  caughtUp(): Promise<void> {
    return this.subscription?.caughtUp() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.sender?.stop();
  }

  private async notificationOf(event: RecordedEvent): Promise<DunningNotificationMessage> {
    const step = event.data as DunningStepTaken;
    const caseState = await this.caseAsOf(step.invoiceId, event.streamVersion);
    const contact = await this.contactOf(step.billingAccountId);
    const notification = notificationFor(step, caseState, contact);
    return {
      notificationId: event.eventId,
      billingAccountId: step.billingAccountId,
      invoiceId: step.invoiceId,
      invoiceNumber: step.invoiceNumber,
      step: step.step,
      channels: notification.channels,
      recipient: notification.recipient,
      subject: notification.subject,
      body: notification.body,
      amountConcerned: step.amountConcerned,
      currency: step.currency,
      dueDate: step.dueDate,
      daysOverdue: step.daysOverdue,
      takenOn: step.takenOn,
      correlationId: event.metadata.correlationId,
      causationId: event.eventId,
      occurredAt: event.occurredAt,
    };
  }

  /** The case as it stood when the step was taken, so a resent notification says the same. */
  private async caseAsOf(invoiceId: string, streamVersion: number): Promise<CollectionCaseState> {
    let state = collectionCaseDecider.initialState();
    for await (const recorded of this.deps.store.readStream(collectionCaseStream(invoiceId))) {
      if (recorded.streamVersion > streamVersion) break;
      state = collectionCaseDecider.evolve(state, {
        type: recorded.type,
        data: recorded.data,
      } as CollectionCaseEvent);
    }
    return state;
  }

  private async contactOf(billingAccountId: string): Promise<AccountContact> {
    const { rows } = await this.deps.db.query<{
      legal_name: string | null;
      contact_name: string | null;
      email: string | null;
      postal_address: string | null;
    }>(
      `SELECT legal_name, contact_name, email, postal_address FROM collections_rm.accounts
        WHERE billing_account_id = $1`,
      [billingAccountId],
    );
    const row = rows[0];
    const { howToPay, collectionsPhone } = this.deps.settings;
    // An erased account is addressed by its id; its erased email and address are no channel.
    const known = (value: string | null | undefined) =>
      value && value !== erasedPersonalData ? value : null;
    return {
      // An account invoicing has not told us about yet is still addressed, by its id.
      name: known(row?.contact_name) ?? known(row?.legal_name) ?? `Customer ${billingAccountId}`,
      ...(known(row?.email) ? { email: row!.email! } : {}),
      ...(known(row?.postal_address) ? { postalAddress: row!.postal_address! } : {}),
      howToPay: { ...howToPay },
      ...(collectionsPhone ? { collectionsPhone } : {}),
    };
  }
}
