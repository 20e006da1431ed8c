import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import { collectionsStreamCategories, type PaymentPlanEvent } from '@billing/contracts';
import { DomainError } from '@billing/kernel';
import { PLATFORM_LOGGER, type Logger } from '@billing/platform';
import { startProjection } from '@billing/read-models';
import { CollectionsCommands } from '../shared/collections-commands';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { policyOf } from '../shared/collections.settings';
import { eventCommandContext } from '../shared/command-context';
import { supervised, type Follower } from '../shared/supervised';

/**
 * Puts a plan's invoices under the plan when it is agreed and releases them when it breaks or
 * completes: a follower of our own PaymentPlan events with its own checkpoint, so the plan and
 * its cases are never written in one go (no dual write). Each command derives its ids from the
 * plan event and the invoice, and the case decider ignores a repeat, so a replay writes nothing.
 */
@Injectable()
export class PlanCoverageProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Follower | undefined;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly commands: CollectionsCommands,
  ) {}

  onApplicationBootstrap(): void {
    const { store, tx, db } = this.deps;
    this.running = supervised('collections.plan-coverage', this.logger, () =>
      startProjection(store, tx, db, {
        name: 'collections.plan-coverage',
        filter: { categories: [collectionsStreamCategories.paymentPlan] },
        apply: (event) => this.apply(event),
      }),
    );
  }

  caughtUp(): Promise<void> {
    return this.running?.caughtUp() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }

  private async apply(recorded: RecordedEvent): Promise<void> {
    const event = recorded as RecordedEvent & PaymentPlanEvent;
    switch (event.type) {
      case 'PaymentPlanAgreed':
        for (const invoice of event.data.invoices) {
          await this.onCase(recorded, invoice.invoiceId, {
            type: 'PlaceUnderPlan',
            data: { planId: event.data.planId, amount: invoice.amount },
          });
        }
        return;
      case 'PaymentPlanBroken':
        return this.release(recorded, event.data.planId, 'broken', event.data.brokenOn);
      case 'PaymentPlanCompleted':
        return this.release(recorded, event.data.planId, 'completed', event.data.completedOn);
      default:
        return;
    }
  }

  /** Every invoice of the plan, paid under it or not, is chased by dunning alone again. */
  private async release(
    cause: RecordedEvent,
    planId: string,
    reason: 'broken' | 'completed',
    releasedOn: string,
  ): Promise<void> {
    const plan = await this.commands.loadPlan(planId);
    const policy = policyOf(
      this.deps.settings,
      await this.commands.accountSegment(plan.billingAccountId),
    );
    for (const invoice of plan.invoices) {
      await this.onCase(cause, invoice.invoiceId, {
        type: 'ReleaseFromPlan',
        data: { planId, reason, releasedOn, policy },
      });
    }
  }

  private async onCase(
    cause: RecordedEvent,
    invoiceId: string,
    command: Parameters<CollectionsCommands['collectionCase']>[1],
  ): Promise<void> {
    try {
      await this.commands.collectionCase(invoiceId, command, eventCommandContext(cause, invoiceId));
    } catch (error) {
      // A refusal here is a race the agreement could not see (the invoice was paid or planned in
      // between); stopping would stall every later plan, so it is logged for a person to look at.
      if (!(error instanceof DomainError)) throw error;
      this.logger.error(
        { process: 'plan-coverage', eventId: cause.eventId, invoiceId, code: error.code },
        'plan coverage refused by the case',
      );
    }
  }
}
