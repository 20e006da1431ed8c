import { Inject, Injectable } from '@nestjs/common';
import {
  handleCommand,
  loadAggregate,
  type CommandContext,
  type CommandResult,
  type PlannedAppend,
} from '@billing/event-store';
import { DomainError } from '@billing/kernel';
import { findCatalogEntry } from '@billing/contracts';
import {
  billingAccountDecider,
  invoiceDecider,
  toAccountSnapshot,
  type AccountSnapshot,
  type BillingAccountCommand,
  type BillingAccountState,
  type InvoiceCommand,
  type InvoiceState,
} from '@billing/invoicing-domain';
import type { BillingAccountEvent, InvoiceEvent } from '@billing/contracts';
import { billingAccountStream, invoiceStream } from '@billing/contracts';
import { caughtUpWithin } from '@billing/read-models';
import { INVOICING_DEPS, type InvoicingDeps } from './invoicing.deps';
import { InvoicingProjections } from '../read-models/invoicing-projections';

const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

/** The command loop for invoicing's aggregates, plus the read-your-writes wait. */
@Injectable()
export class InvoicingCommands {
  constructor(
    @Inject(INVOICING_DEPS) readonly deps: InvoicingDeps,
    private readonly projections: InvoicingProjections,
  ) {}

  account(
    id: string,
    command: BillingAccountCommand | ((s: BillingAccountState) => BillingAccountCommand),
    context: CommandContext,
  ): Promise<CommandResult<BillingAccountState, BillingAccountEvent>> {
    return handleCommand(
      this.deps.store,
      billingAccountDecider,
      billingAccountStream(id),
      command,
      context,
      {
        schemaVersionOf,
      },
    );
  }

  invoice(
    id: string,
    command: InvoiceCommand | ((s: InvoiceState) => InvoiceCommand),
    context: CommandContext,
  ): Promise<CommandResult<InvoiceState, InvoiceEvent>> {
    return handleCommand(this.deps.store, invoiceDecider, invoiceStream(id), command, context, {
      schemaVersionOf,
    });
  }

  /**
   * Decides an invoice command without appending: the stream's version it read, the events, and
   * the state they lead to. For commands appended together with other streams (issueNumbered).
   */
  async planInvoice(
    id: string,
    command: InvoiceCommand,
  ): Promise<{ append: PlannedAppend; state: InvoiceState }> {
    const streamId = invoiceStream(id);
    const { state, streamVersion } = await loadAggregate(this.deps.store, invoiceDecider, streamId);
    const events = invoiceDecider.decide(command, state);
    return {
      append: { streamId, streamVersion, events },
      state: events.reduce(invoiceDecider.evolve, state),
    };
  }

  async loadAccount(id: string): Promise<BillingAccountState> {
    const { state } = await loadAggregate(
      this.deps.store,
      billingAccountDecider,
      billingAccountStream(id),
    );
    if (state.status === 'none')
      throw new DomainError(
        'ACCOUNT_NOT_FOUND',
        `Billing account ${id} does not exist`,
        'not_found',
        [{ field: 'billingAccountId', reason: 'no such billing account' }],
      );
    return state;
  }

  async accountSnapshot(id: string): Promise<AccountSnapshot> {
    return toAccountSnapshot(await this.loadAccount(id));
  }

  async loadInvoice(id: string): Promise<InvoiceState> {
    const { state } = await loadAggregate(this.deps.store, invoiceDecider, invoiceStream(id));
    if (state.status === 'none')
      throw new DomainError('INVOICE_NOT_FOUND', `Invoice ${id} does not exist`, 'not_found');
    return state;
  }

  /** Lets the read models catch up with what this request wrote, within a bound. */
  settle(): Promise<void> {
    return caughtUpWithin(this.projections.running(), this.deps.readModelWaitMs ?? 5_000);
  }
}
