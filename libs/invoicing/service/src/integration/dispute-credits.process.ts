import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import type { DisputeEvent } from '@billing/contracts';
import { deriveId } from '@billing/kernel';
import type { InvoiceCommand } from '@billing/invoicing-domain';
import type { IntegrationEventSource } from '@billing/read-models';
import { eventCommandContext } from '../shared/command-context';
import { InvoicingCommands } from '../shared/invoicing-commands';
import { INVOICING_DEPS, type InvoicingDeps } from '../shared/invoicing.deps';
import { issueNumbered } from '../shared/numbered-document';

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
    const command = (number: string, datedOn: string): InvoiceCommand => ({
      type: 'CreditAcceptedDispute',
      data: {
        invoiceId: d.invoiceId,
        billingAccountId: d.billingAccountId,
        disputeId: d.disputeId,
        creditNoteId,
        number,
        issueDate: datedOn,
        amount: d.acceptedAmount,
        currency: d.currency,
        decidedAt: event.occurredAt,
      },
    });
    // The credit note and its number in one append; a decision that issues no credit note (a
    // hold released, a refusal recorded, a redelivery) takes no number.
    await issueNumbered(
      this.deps.store,
      {
        kind: 'credit_note',
        documentId: creditNoteId,
        billingAccountId: d.billingAccountId,
        issueDate,
        followSeriesDate: true,
      },
      context,
      async (number, datedOn) => {
        const plan = await this.commands.planInvoice(d.invoiceId, command(number, datedOn));
        const needsNumber = plan.append.events.some((e) => e.type === 'CreditNoteIssued');
        return { appends: [plan.append], answer: undefined, needsNumber };
      },
    );
  }
}
