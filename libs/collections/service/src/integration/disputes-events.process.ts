import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import { disputesStreamCategories, type DisputeEvent } from '@billing/contracts';
import type { IntegrationEventSource } from '@billing/read-models';
import { CollectionsCommands } from '../shared/collections-commands';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { eventCommandContext } from '../shared/command-context';

/**
 * Disputes put the disputed amount on hold (dunning leaves it alone) and their resolution releases
 * it: the rejected or withdrawn amount, or the part of an accepted one that was not accepted (the
 * accepted part stays held until invoicing's credit note lowers the open amount). The case
 * remembers each dispute, so redeliveries change nothing.
 */
@Injectable()
export class DisputesEventsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    private readonly commands: CollectionsCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'collections.disputes-events',
      contexts: ['disputes'],
      categories: [disputesStreamCategories.dispute],
      handle: (event) => this.handle(event),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent & DisputeEvent;
    switch (event.type) {
      case 'DisputeOpened':
        await this.commands.collectionCase(
          event.data.invoiceId,
          {
            type: 'PlaceDisputeHold',
            data: { disputeId: event.data.disputeId, amount: event.data.amount },
          },
          eventCommandContext(event, 'hold'),
        );
        return;
      case 'DisputeAccepted':
      case 'DisputeRejected':
      case 'DisputeWithdrawn':
        await this.commands.collectionCase(
          event.data.invoiceId,
          {
            type: 'ReleaseDisputeHold',
            data: { disputeId: event.data.disputeId, amountReleased: event.data.releasedAmount },
          },
          eventCommandContext(event, 'release'),
        );
        return;
      default:
        return;
    }
  }
}
