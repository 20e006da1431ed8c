import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import {
  erasedPersonalData,
  type InvoicingEvent,
  type OpenAmountChangeCause,
} from '@billing/contracts';
import { policyOf } from '../shared/collections.settings';
import type { IntegrationEventSource } from '@billing/read-models';
import { CollectionsCommands } from '../shared/collections-commands';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { dateOf, eventCommandContext } from '../shared/command-context';

/**
 * Follows every issued invoice from invoicing's events: tracks it with its due date and open
 * amount, moves the open amount as payments, reversals, credit notes and write-offs are applied
 * (a paid or credited amount leaves the schedule at once), closes the case of a voided invoice,
 * and keeps who a reminder is addressed to. Every case command carries the invoice stream's
 * version, so a redelivered or replayed event is recognised by the case and writes nothing.
 */
@Injectable()
export class InvoicingEventsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    private readonly commands: CollectionsCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'collections.invoicing-events',
      contexts: ['invoicing'],
      categories: ['billingaccount', 'invoice'],
      handle: (event, db) => this.handle(event, db),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(recorded: RecordedEvent, db: SqlExecutor): Promise<void> {
    const event = recorded as RecordedEvent & InvoicingEvent;
    switch (event.type) {
      case 'BillingAccountOpened':
      case 'BillingDetailsUpdated': {
        const d = event.data;
        const address = erased(d.address.line1)
          ? erasedPersonalData
          : [d.address.line1, d.address.line2, `${d.address.postalCode} ${d.address.city}`]
              .concat(d.address.region ? [d.address.region] : [], [d.address.country])
              .filter(Boolean)
              .join(', ');
        await db.query(
          `INSERT INTO collections_rm.accounts (billing_account_id, legal_name, contact_name, email,
             postal_address, currency)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (billing_account_id) DO UPDATE SET legal_name = EXCLUDED.legal_name,
             contact_name = EXCLUDED.contact_name, email = EXCLUDED.email,
             postal_address = EXCLUDED.postal_address, currency = EXCLUDED.currency`,
          [d.billingAccountId, d.legalName, d.billingContactName, d.email, address, d.currency],
        );
        return;
      }
      case 'PersonalDataErased':
        // Who a reminder is addressed to was copied here in clear: overwrite it.
        await db.query(
          `UPDATE collections_rm.accounts SET legal_name = $2, contact_name = $2, email = $2,
             postal_address = $2 WHERE billing_account_id = $1`,
          [event.data.billingAccountId, erasedPersonalData],
        );
        return;
      case 'InvoiceIssued': {
        const d = event.data;
        const segment = await this.commands.accountSegment(d.billingAccountId);
        await this.commands.collectionCase(
          d.invoiceId,
          {
            type: 'TrackInvoice',
            data: {
              billingAccountId: d.billingAccountId,
              invoiceId: d.invoiceId,
              invoiceNumber: d.number,
              currency: d.currency,
              amountTotal: d.total,
              amountOpen: d.total,
              dueDate: d.dueDate,
              segment,
              invoiceVersion: event.streamVersion,
            },
          },
          eventCommandContext(event, 'track'),
        );
        return;
      }
      case 'PaymentAllocationApplied':
        return this.openAmountChanged(event, event.data.invoiceId, event.data.amountOpen, {
          cause: 'payment_applied',
          reference: event.data.paymentId,
        });
      case 'PaymentAllocationReversed':
        return this.openAmountChanged(event, event.data.invoiceId, event.data.amountOpen, {
          cause: 'payment_reversed',
          reference: event.data.paymentId,
        });
      case 'CreditNoteIssued':
        return this.openAmountChanged(event, event.data.invoiceId, event.data.amountOpen, {
          cause: 'credit_note',
          reference: event.data.creditNoteId,
          ...(event.data.disputeId ? { disputeId: event.data.disputeId } : {}),
        });
      case 'InvoiceWrittenOff':
        return this.openAmountChanged(event, event.data.invoiceId, event.data.amountOpen, {
          cause: 'write_off',
          reference: event.data.writeOffId,
        });
      case 'InvoiceAdjustmentRejected':
        // A refused write-off changes nothing here: the case keeps chasing what is still open.
        if (event.data.source !== 'dispute' || !event.data.disputeId) return;
        await this.commands.collectionCase(
          event.data.invoiceId,
          { type: 'ReleaseRejectedDisputeCredit', data: { disputeId: event.data.disputeId } },
          eventCommandContext(event, 'credit-rejected'),
        );
        return;
      case 'InvoiceVoided':
        await this.commands.collectionCase(
          event.data.invoiceId,
          {
            type: 'CloseCase',
            data: {
              reason: 'voided',
              closedOn: dateOf(event.occurredAt),
              invoiceVersion: event.streamVersion,
            },
          },
          eventCommandContext(event, 'close'),
        );
        return;
      default:
        return;
    }
  }

  /**
   * The new open amount, as invoicing computed it; then a promise whose amount is now paid is kept
   * at once (not at the next scheduler run), from the same event.
   */
  private async openAmountChanged(
    event: RecordedEvent,
    invoiceId: string,
    amountOpen: string,
    change: { cause: OpenAmountChangeCause; reference: string; disputeId?: string },
  ): Promise<void> {
    const result = await this.commands.collectionCase(
      invoiceId,
      {
        type: 'RecordOpenAmountChanged',
        data: {
          amountOpen,
          ...change,
          occurredOn: dateOf(event.occurredAt),
          invoiceVersion: event.streamVersion,
        },
      },
      eventCommandContext(event, 'open-amount'),
    );
    // Evaluated even when the change itself was a repeat: the first delivery may have stopped
    // between the two commands, and evaluating again decides nothing new.
    const promise = result.state.promise;
    if (!promise) return;
    const segment = await this.commands.accountSegment(result.state.billingAccountId);
    await this.commands.collectionCase(
      invoiceId,
      {
        type: 'EvaluatePromise',
        data: { today: dateOf(event.occurredAt), policy: policyOf(this.deps.settings, segment) },
      },
      eventCommandContext(event, `promise:${promise.promiseId}`),
    );
  }
}

/** A personal field of an erased account (its data key was destroyed). */
function erased(value: string | undefined): boolean {
  return value === erasedPersonalData;
}
