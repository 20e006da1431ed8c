import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import { streamCategories, type ChargebackReceived } from '@billing/contracts';
import { chargebackToOpenDispute } from '@billing/disputes-domain';
import { deriveId } from '@billing/kernel';
import type { IntegrationEventSource } from '@billing/read-models';
import { knownInvoice } from '../read-models/invoices.read-model';
import { eventCommandContext } from '../shared/command-context';
import { DisputesCommands } from '../shared/disputes-commands';
import { DISPUTES_DEPS, type DisputesDeps } from '../shared/disputes.deps';

/** Payments' event type this process reacts to; every other payments event is ignored. */
export const chargebackReceivedType = 'ChargebackReceived';

/** The dispute a chargeback opens: one per chargeback and invoice, whoever delivers it. */
export const chargebackDisputeId = (chargeback: ChargebackReceived): string =>
  deriveId('dispute', 'chargeback', chargeback.chargebackId, chargeback.invoiceId);

/**
 * Opens a dispute for every chargeback payments reports, without a manual step. The dispute id
 * derives from the chargeback and invoice, and the event ids from the chargeback event, so a
 * redelivery lands on the same stream with the same ids and decides nothing. A chargeback the
 * decider refuses (another currency than its invoice, more than the invoice charged) fails the
 * message, which the Kafka consumer retries and then sends to the dead-letter topic with why.
 */
@Injectable()
export class ChargebacksProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps,
    private readonly commands: DisputesCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'disputes.chargebacks',
      contexts: ['payments'],
      categories: [streamCategories.payment],
      handle: (event, db) => this.handle(event, db),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(event: RecordedEvent, db: SqlExecutor): Promise<void> {
    if (event.type !== chargebackReceivedType) return;
    const chargeback = event.data as ChargebackReceived;
    const disputeId = chargebackDisputeId(chargeback);
    await this.commands.openingOn(chargeback.invoiceId, async () => {
      const invoice = await knownInvoice(db, chargeback.invoiceId);
      const command = chargebackToOpenDispute(chargeback, {
        disputeId,
        ...(invoice ? { invoice, invoiceNumber: invoice.number } : {}),
      });
      await this.commands.dispute(
        disputeId,
        {
          ...command,
          data: {
            ...command.data,
            ...(this.deps.slaBusinessDays ? { slaBusinessDays: this.deps.slaBusinessDays } : {}),
            ...(this.deps.holidays ? { holidays: this.deps.holidays } : {}),
          },
        },
        eventCommandContext(event, 'chargeback'),
      );
    });
  }
}
