import { Inject, Injectable } from '@nestjs/common';
import {
  handleCommand,
  handleCommandsTogether,
  loadAggregate,
  type CommandContext,
  type CommandResult,
} from '@billing/event-store';
import {
  collectionCaseStream,
  collectionsAccountStream,
  findCatalogEntry,
  paymentPlanStream,
  writeOffStream,
  type CollectionCaseEvent,
  type CollectionsAccountEvent,
  type PaymentPlanEvent,
  type WriteOffEvent,
} from '@billing/contracts';
import {
  collectionCaseDecider,
  collectionsAccountDecider,
  paymentPlanDecider,
  writeOffDecider,
  type AssignAccountSegment,
  type CountedWriteOff,
  type RequestWriteOff,
  type CollectionCaseCommand,
  type CollectionCaseState,
  type CollectionsAccountState,
  type PaymentPlanCommand,
  type PaymentPlanState,
  type WriteOffCommand,
  type WriteOffState,
} from '@billing/collections-domain';
import { DomainError } from '@billing/kernel';
import { COLLECTIONS_DEPS, type CollectionsDeps } from './collections.deps';

export const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

type Command<C, S> = C | ((state: S) => C);

/** The command loop for collections' aggregates. */
@Injectable()
export class CollectionsCommands {
  constructor(@Inject(COLLECTIONS_DEPS) readonly deps: CollectionsDeps) {}

  collectionCase(
    invoiceId: string,
    command: Command<CollectionCaseCommand, CollectionCaseState>,
    context: CommandContext,
  ): Promise<CommandResult<CollectionCaseState, CollectionCaseEvent>> {
    return handleCommand(
      this.deps.store,
      collectionCaseDecider,
      collectionCaseStream(invoiceId),
      command,
      context,
      { schemaVersionOf },
    );
  }

  plan(
    planId: string,
    command: Command<PaymentPlanCommand, PaymentPlanState>,
    context: CommandContext,
  ): Promise<CommandResult<PaymentPlanState, PaymentPlanEvent>> {
    return handleCommand(
      this.deps.store,
      paymentPlanDecider,
      paymentPlanStream(planId),
      command,
      context,
      { schemaVersionOf },
    );
  }

  writeOff(
    writeOffId: string,
    command: Command<WriteOffCommand, WriteOffState>,
    context: CommandContext,
  ): Promise<CommandResult<WriteOffState, WriteOffEvent>> {
    return handleCommand(
      this.deps.store,
      writeOffDecider,
      writeOffStream(writeOffId),
      command,
      context,
      { schemaVersionOf },
    );
  }

  /**
   * A write-off request and its count on the account, decided on the account's earlier requests
   * and appended together: racing requests are counted one after the other (the loser decides
   * again on the winner's count), so a split cannot stay under the approval threshold.
   */
  requestWriteOff(
    writeOffId: string,
    billingAccountId: string,
    command: (counted: CountedWriteOff[]) => RequestWriteOff,
    context: CommandContext,
  ): Promise<WriteOffState> {
    const store = this.deps.store;
    return handleCommandsTogether(
      store,
      context,
      async () => {
        const accountStreamId = collectionsAccountStream(billingAccountId);
        const streamId = writeOffStream(writeOffId);
        const account = await loadAggregate(store, collectionsAccountDecider, accountStreamId);
        const writeOff = await loadAggregate(store, writeOffDecider, streamId);
        const resolved = command(account.state.writeOffs);
        const events = writeOffDecider.decide(resolved, writeOff.state);
        const { data } = resolved;
        const requested = events.find((e) => e.type === 'WriteOffRequested');
        const counting = requested
          ? collectionsAccountDecider.decide(
              {
                type: 'CountWriteOff',
                data: {
                  billingAccountId,
                  writeOffId,
                  currency: data.currency,
                  amount: requested.data.amount,
                  invoices: requested.data.invoices,
                  requestedAt: data.requestedAt,
                },
              },
              account.state,
            )
          : [];
        return {
          appends: [
            { streamId, streamVersion: writeOff.streamVersion, events },
            { streamId: accountStreamId, streamVersion: account.streamVersion, events: counting },
          ],
          answer: events.reduce(writeOffDecider.evolve, writeOff.state),
        };
      },
      { schemaVersionOf },
    );
  }

  account(
    billingAccountId: string,
    command: AssignAccountSegment,
    context: CommandContext,
  ): Promise<CommandResult<CollectionsAccountState, CollectionsAccountEvent>> {
    return handleCommand(
      this.deps.store,
      collectionsAccountDecider,
      collectionsAccountStream(billingAccountId),
      command,
      context,
      { schemaVersionOf },
    );
  }

  async loadCase(invoiceId: string): Promise<CollectionCaseState> {
    const { state } = await loadAggregate(
      this.deps.store,
      collectionCaseDecider,
      collectionCaseStream(invoiceId),
    );
    return state;
  }

  async loadPlan(planId: string): Promise<PaymentPlanState> {
    const { state } = await loadAggregate(
      this.deps.store,
      paymentPlanDecider,
      paymentPlanStream(planId),
    );
    if (state.status === 'none')
      throw new DomainError('PLAN_NOT_FOUND', `Payment plan ${planId} does not exist`, 'not_found');
    return state;
  }

  async loadWriteOff(writeOffId: string): Promise<WriteOffState> {
    const { state } = await loadAggregate(
      this.deps.store,
      writeOffDecider,
      writeOffStream(writeOffId),
    );
    if (state.status === 'none')
      throw new DomainError(
        'WRITE_OFF_NOT_FOUND',
        `Write-off ${writeOffId} does not exist`,
        'not_found',
      );
    return state;
  }

  async accountSegment(billingAccountId: string): Promise<string> {
    const { state } = await loadAggregate(
      this.deps.store,
      collectionsAccountDecider,
      collectionsAccountStream(billingAccountId),
    );
    return state.segment;
  }
}
