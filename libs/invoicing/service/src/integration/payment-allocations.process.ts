import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import type { PaymentEvent } from '@billing/contracts';
import type { IntegrationEventSource } from '@billing/read-models';
import { eventCommandContext } from '../shared/command-context';
import { InvoicingCommands } from '../shared/invoicing-commands';
import { INVOICING_DEPS, type InvoicingDeps } from '../shared/invoicing.deps';

/**
 * Applies payments' allocations to invoices and undoes them when a payment bounces or the bank
 * charges part of it back. Each allocation (or chargeback per invoice) is one command on its
 * invoice, with event ids derived from the causing event, so a redelivered event decides "nothing
 * to do" (the deciders are idempotent per allocation and chargeback id) and writes nothing twice.
 * Chargebacks share this consumer with reversals so that, on one account's partition, a
 * chargeback and a later bounce of the same payment are applied in the order payments decided
 * them.
 */
@Injectable()
export class PaymentAllocationsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps,
    private readonly commands: InvoicingCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'invoicing.payment-allocations',
      contexts: ['payments'],
      categories: ['payment'],
      handle: (event) => this.handle(event),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(event: RecordedEvent): Promise<void> {
    const e = event as RecordedEvent & PaymentEvent;
    if (e.type === 'PaymentAllocated') {
      for (const a of e.data.allocations) {
        await this.commands.invoice(
          a.invoiceId,
          {
            type: 'ApplyPaymentAllocation',
            data: {
              invoiceId: a.invoiceId,
              billingAccountId: e.data.billingAccountId,
              paymentId: e.data.paymentId,
              allocationId: a.allocationId,
              amount: a.amount,
              currency: e.data.currency,
            },
          },
          eventCommandContext(event, a.allocationId),
        );
      }
    } else if (e.type === 'PaymentReversed') {
      for (const a of e.data.allocationsToReverse) {
        await this.commands.invoice(
          a.invoiceId,
          {
            type: 'ReversePaymentAllocation',
            data: {
              invoiceId: a.invoiceId,
              paymentId: e.data.paymentId,
              allocationId: a.allocationId,
              reason: e.data.reason,
            },
          },
          eventCommandContext(event, a.allocationId),
        );
      }
    } else if (e.type === 'ChargebackReceived') {
      const d = e.data;
      await this.commands.invoice(
        d.invoiceId,
        {
          type: 'ReverseChargedBackPayment',
          data: {
            invoiceId: d.invoiceId,
            paymentId: d.paymentId,
            chargebackId: d.chargebackId,
            chargebackReference: d.chargebackReference,
            reasonCode: d.reasonCode,
            amount: d.amount,
            currency: d.currency,
          },
        },
        eventCommandContext(event, `${d.chargebackId}:${d.invoiceId}`),
      );
    }
  }
}
