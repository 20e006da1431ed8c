import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import { disputesStreamCategories, type DisputeEvent } from '@billing/contracts';
import type { IntegrationEventSource } from '@billing/read-models';
import { applyDisputeEvent } from '../read-models/dispute-holds.read-model';
import { PAYMENTS_DEPS, type PaymentsDeps } from '../shared/payments.deps';

/**
 * Follows the disputes context so automatic allocation leaves a disputed amount alone while the
 * dispute is open (see dispute-holds.read-model). Only the read model changes, in the consumer's
 * inbox transaction, so a redelivery is recognised by event id as well as by the hold's status.
 */
@Injectable()
export class DisputesEventsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(@Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'payments.disputes-events',
      contexts: ['disputes'],
      categories: [disputesStreamCategories.dispute],
      handle: (event, db) => this.handle(event, db),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(event: RecordedEvent, db: SqlExecutor): Promise<void> {
    await applyDisputeEvent(event as RecordedEvent & DisputeEvent, db);
  }
}
