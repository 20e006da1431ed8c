import { Injectable } from '@nestjs/common';
import { handleCommandsTogether, type CommandContext } from '@billing/event-store';
import { collectionCaseStream } from '@billing/contracts';
import {
  decidePromiseOverInvoices,
  type PromiseDecision,
  type PromiseOverInvoices,
} from '@billing/collections-domain';
import { accountCases } from '../../../shared/account-cases';
import { CollectionsCommands, schemaVersionOf } from '../../../shared/collections-commands';

/**
 * A promise over several invoices as one decision appended all or none: every case is loaded,
 * `decidePromiseOverInvoices` decides them together, and the events go to every case's stream in
 * one append with each stream's expected version. A refusal of one (by its decider, by the store,
 * by a race) records nothing for the others; a race is decided again on fresh state.
 */
@Injectable()
export class MakePromiseToPayHandler {
  constructor(private readonly commands: CollectionsCommands) {}

  execute(
    billingAccountId: string,
    command: PromiseOverInvoices,
    context: CommandContext,
  ): Promise<PromiseDecision> {
    const invoiceIds = command.invoices.map((invoice) => invoice.invoiceId);
    return handleCommandsTogether(
      this.commands.deps.store,
      context,
      async () => {
        const { cases, streamVersions } = await accountCases(
          this.commands,
          billingAccountId,
          invoiceIds,
        );
        const decision = decidePromiseOverInvoices(command, cases);
        return {
          appends: decision.invoices.map(({ invoiceId, events }, index) => ({
            streamId: collectionCaseStream(invoiceId),
            streamVersion: streamVersions[index] as number,
            events,
            // Each case's event ids derive from its own key, so a retry repeats them per invoice.
            context: { ...context, idempotencyKey: `${context.idempotencyKey}:${invoiceId}` },
          })),
          answer: decision,
        };
      },
      { schemaVersionOf },
    );
  }
}
