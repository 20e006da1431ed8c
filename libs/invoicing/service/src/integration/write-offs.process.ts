import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import type { WriteOffEvent } from '@billing/contracts';
import type { IntegrationEventSource } from '@billing/read-models';
import { eventCommandContext } from '../shared/command-context';
import { InvoicingCommands } from '../shared/invoicing-commands';
import { INVOICING_DEPS, type InvoicingDeps } from '../shared/invoicing.deps';

/**
 * Applies collections' approved write-offs as invoice adjustments: one `ApplyInvoiceAdjustment`
 * per invoice of the write-off, with event ids derived from the approval's event id and the
 * invoice, so a redelivered approval writes nothing twice (the decider is idempotent per
 * write-off id as well). What is no longer open when the approval arrives (a payment raced it) is
 * recorded as `InvoiceAdjustmentRejected` by the decider, never dropped.
 */
@Injectable()
export class WriteOffsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps,
    private readonly commands: InvoicingCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'invoicing.write-offs',
      contexts: ['collections'],
      categories: ['writeoff'],
      handle: (event) => this.handle(event),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(event: RecordedEvent): Promise<void> {
    const e = event as RecordedEvent & WriteOffEvent;
    if (e.type !== 'WriteOffApproved') return;
    const d = e.data;
    for (const invoice of d.invoices) {
      await this.commands.invoice(
        invoice.invoiceId,
        {
          type: 'ApplyInvoiceAdjustment',
          data: {
            invoiceId: invoice.invoiceId,
            billingAccountId: d.billingAccountId,
            writeOffId: d.writeOffId,
            amount: invoice.amount,
            currency: d.currency,
            reason: d.reason,
            writtenOffAt: d.approvedAt,
          },
        },
        eventCommandContext(event, `${d.writeOffId}:${invoice.invoiceId}`),
      );
    }
  }
}
