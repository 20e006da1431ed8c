import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import type { PaymentEvent } from '@billing/contracts';
import type { IntegrationEventSource } from '@billing/read-models';
import { CollectionsCommands } from '../shared/collections-commands';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';
import { dateOf, eventCommandContext } from '../shared/command-context';

/**
 * Payments that count for payment plans: an allocation invoicing confirmed on an invoice under an
 * active plan pays the plan's instalments, dated by the day the money arrived (PaymentReceived),
 * not the day it was matched; a bounced one (PaymentReversed) is taken back from the plan. Plan
 * payments are keyed by allocation id, so a redelivery is a no-op.
 * (Promises need no payments event: the case counts what invoicing applied after the promise.)
 */
@Injectable()
export class PaymentsEventsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps,
    private readonly commands: CollectionsCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'collections.payments-events',
      contexts: ['payments'],
      categories: ['payment'],
      handle: (event, db) => this.handle(event, db),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(recorded: RecordedEvent, db: SqlExecutor): Promise<void> {
    const event = recorded as RecordedEvent & PaymentEvent;
    switch (event.type) {
      case 'PaymentReceived':
        await db.query(
          `INSERT INTO collections_rm.payments (payment_id, billing_account_id, received_date)
           VALUES ($1, $2, $3) ON CONFLICT (payment_id) DO NOTHING`,
          [event.data.paymentId, event.data.billingAccountId, event.data.receivedDate],
        );
        return;
      case 'AllocationConfirmed': {
        const d = event.data;
        const planId = (await this.commands.loadCase(d.invoiceId)).plan?.planId;
        if (!planId) return;
        const plan = await this.commands.loadPlan(planId);
        if (plan.status !== 'active') return;
        await this.commands.plan(
          planId,
          {
            type: 'RecordPlanPayment',
            data: {
              paymentId: d.paymentId,
              allocationId: d.allocationId,
              amount: d.amount,
              date: (await receivedDateOf(db, d.paymentId)) ?? dateOf(event.occurredAt),
            },
          },
          eventCommandContext(event, 'plan-payment'),
        );
        return;
      }
      case 'PaymentReversed':
        for (const allocation of event.data.allocationsToReverse) {
          const planId = (await this.commands.loadCase(allocation.invoiceId)).plan?.planId;
          if (!planId) continue;
          // The invoice's case chases the reopened amount once the plan is over; while it runs,
          // the plan owes it again, so its instalment can be missed and the plan broken.
          await this.commands.plan(
            planId,
            {
              type: 'ReversePlanPayment',
              data: {
                paymentId: event.data.paymentId,
                allocationId: allocation.allocationId,
                reason: event.data.reason,
                date: dateOf(event.occurredAt),
              },
            },
            eventCommandContext(event, `plan-payment-reversal:${allocation.allocationId}`),
          );
        }
        return;
      default:
        return;
    }
  }
}

async function receivedDateOf(db: SqlExecutor, paymentId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ received_date: string }>(
    'SELECT received_date FROM collections_rm.payments WHERE payment_id = $1',
    [paymentId],
  );
  return rows[0]?.received_date;
}
