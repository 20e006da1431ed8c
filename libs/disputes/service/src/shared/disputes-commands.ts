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
import { Semaphore } from './semaphore';
import { DISPUTES_DEPS, type DisputesDeps } from './disputes.deps';

const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

/** The command loop for disputes, plus the read-your-writes wait. */
@Injectable()
export class DisputesCommands {
  /** Per invoice, the end of the openings queued on it in this process. */
  private readonly openingTails = new Map<string, Promise<void>>();
  /**
   * An opening holds a pooled connection for its lock while its reads and append take others from
   * the same pool (10): a few at a time, so those always find one, whatever the burst of openings.
   */
  private readonly lockHolders = new Semaphore(3);

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

  /**
   * Runs an opening on `invoiceId` (read what other open disputes hold, decide, append) while no
   * other opening on that invoice runs, and until the read model shows its hold: two openings at
   * once would each miss the other's hold and together hold more than is open. In this process a
   * queue per invoice orders them; across instances a PostgreSQL advisory lock, taken in a
   * transaction that writes nothing (so it holds back no reader of the store's safe order).
   */
  async openingOn<T>(invoiceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.openingTails.get(invoiceId) ?? Promise.resolve();
    const run = previous.then(() =>
      this.lockHolders.run(() =>
        this.deps.tx.run(async (db) => {
          await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
            `disputes.opening:${invoiceId}`,
          ]);
          const result = await work();
          await this.settle();
          return result;
        }),
      ),
    );
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.openingTails.set(invoiceId, tail);
    void tail.then(() => {
      if (this.openingTails.get(invoiceId) === tail) this.openingTails.delete(invoiceId);
    });
    return run;
  }

  /** Lets the read model catch up with what this request wrote, within a bound. */
  settle(): Promise<void> {
    return caughtUpWithin(this.projections, this.deps.readModelWaitMs ?? 5_000);
  }
}
