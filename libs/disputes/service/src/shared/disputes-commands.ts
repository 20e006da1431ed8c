import { Inject, Injectable } from '@nestjs/common';
import {
  handleCommand,
  loadAggregate,
  type CommandContext,
  type CommandResult,
} from '@billing/event-store';
import { disputeStream, findCatalogEntry, type DisputeEvent } from '@billing/contracts';
import { disputeDecider, type DisputeCommand, type DisputeState } from '@billing/disputes-domain';
import { DomainError } from '@billing/kernel';
import { caughtUpWithin } from '@billing/read-models';
import { DisputesProjections } from '../read-models/disputes-projections';
import { DISPUTES_DEPS, type DisputesDeps } from './disputes.deps';

const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

/** The command loop for disputes, plus the read-your-writes wait. */
@Injectable()
export class DisputesCommands {
  constructor(
    @Inject(DISPUTES_DEPS) readonly deps: DisputesDeps,
    private readonly projections: DisputesProjections,
  ) {}

  dispute(
    id: string,
    command: DisputeCommand | ((s: DisputeState) => DisputeCommand),
    context: CommandContext,
  ): Promise<CommandResult<DisputeState, DisputeEvent>> {
    return handleCommand(this.deps.store, disputeDecider, disputeStream(id), command, context, {
      schemaVersionOf,
    });
  }

  async loadDispute(id: string): Promise<DisputeState> {
    const { state } = await loadAggregate(this.deps.store, disputeDecider, disputeStream(id));
    if (state.status === 'none')
      throw new DomainError('DISPUTE_NOT_FOUND', `Dispute ${id} does not exist`, 'not_found');
    return state;
  }

  /** Lets the read model catch up with what this request wrote, within a bound. */
  settle(): Promise<void> {
    return caughtUpWithin(this.projections, this.deps.readModelWaitMs ?? 5_000);
  }
}
