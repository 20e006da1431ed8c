import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { loadAggregate, type RecordedEvent } from '@billing/event-store';
import { invoiceStream, type DisputeEvent } from '@billing/contracts';
import { deriveId } from '@billing/kernel';
import { decideInvoice, invoiceDecider, type InvoiceCommand } from '@billing/invoicing-domain';
import type { IntegrationEventSource } from '@billing/read-models';
import { eventCommandContext } from '../shared/command-context';
import { InvoicingCommands } from '../shared/invoicing-commands';
import { INVOICING_DEPS, type InvoicingDeps } from '../shared/invoicing.deps';
import { assignDocumentNumber } from '../shared/numbering';

/** The credit note of an accepted dispute: one per dispute, whatever the redeliveries. */
export function disputeCreditNoteId(disputeId: string): string {
  return deriveId('dispute-credit-note', disputeId);
}

/**
 * Issues the credit note for each dispute disputes accepted (in full or in part), with reason
 * `dispute` and the dispute id, numbered from the credit note series like any other credit note.
 * The credit note id derives from the dispute, event ids from the acceptance event, and the
 * number assignment is idempotent per credit note, so a redelivery finds everything done.
 * The issue date is the acceptance's business date, not the clock's, so a redelivery on another
 * day (or year: the series is per year) repeats the same decision.
 */
@Injectable()
export class DisputeCreditsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps,
    private readonly commands: InvoicingCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'invoicing.dispute-credits',
      contexts: ['disputes'],
      categories: ['dispute'],
      handle: (event) => this.handle(event),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(event: RecordedEvent): Promise<void> {
    const e = event as RecordedEvent & DisputeEvent;
    if (e.type !== 'DisputeAccepted') return;
    const d = e.data;
    const creditNoteId = disputeCreditNoteId(d.disputeId);
    const issueDate = event.occurredAt.slice(0, 10);
    const context = eventCommandContext(event, creditNoteId);
    const command = (number: string): InvoiceCommand => ({
      type: 'CreditAcceptedDispute',
      data: {
        invoiceId: d.invoiceId,
        billingAccountId: d.billingAccountId,
        disputeId: d.disputeId,
        creditNoteId,
        number,
        issueDate,
        amount: d.acceptedAmount,
        currency: d.currency,
        decidedAt: event.occurredAt,
      },
    });
    // Decided once on a placeholder first: a credit that will not be issued takes no number.
    const { state } = await loadAggregate(
      this.deps.store,
      invoiceDecider,
      invoiceStream(d.invoiceId),
    );
    const planned = decideInvoice(command('PENDING'), state);
    const needsNumber = planned.some((p) => p.type === 'CreditNoteIssued');
    // Without a number the decider refuses to issue a credit note, so if a race makes one
    // necessary after all, the handler fails and the redelivery assigns the number.
    const number = needsNumber
      ? await assignDocumentNumber(
          this.deps.store,
          'credit_note',
          creditNoteId,
          d.billingAccountId,
          issueDate,
          context,
        )
      : '';
    await this.commands.invoice(d.invoiceId, command(number), context);
  }
}
