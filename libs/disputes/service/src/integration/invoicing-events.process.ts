import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import { streamCategories, type InvoicingEvent } from '@billing/contracts';
import type { IntegrationEventSource } from '@billing/read-models';
import { applyInvoicingEvent } from '../read-models/invoices.read-model';
import { DISPUTES_DEPS, type DisputesDeps } from '../shared/disputes.deps';

/**
 * Learns invoices from invoicing's events (issued, paid, credited, written off, voided) into
 * `disputes_rm.invoices`, the facts a new dispute is checked against. The source records each
 * event id with the row in one transaction (Kafka inbox, or the store checkpoint embedded), so a
 * redelivered event is not applied twice; the row is set from the event anyway, never added to.
 */
@Injectable()
export class InvoicingEventsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(@Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'disputes.invoicing-events',
      contexts: ['invoicing'],
      categories: [streamCategories.invoice],
      handle: (event, db) => this.handle(event, db),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  handle(event: RecordedEvent, db: SqlExecutor): Promise<void> {
    return applyInvoicingEvent(event as RecordedEvent & InvoicingEvent, db);
  }
}
