import { Inject, Injectable } from '@nestjs/common';
import {
  handleCommand,
  loadAggregate,
  type CommandContext,
  type CommandResult,
} from '@billing/event-store';
import { DomainError } from '@billing/kernel';
import { findCatalogEntry, paymentStream, type PaymentEvent } from '@billing/contracts';
import { paymentDecider, type PaymentCommand, type PaymentState } from '@billing/payments-domain';
import { caughtUpWithin } from '@billing/read-models';
import { PaymentsProjections } from '../read-models/payments-projections';
import { PAYMENTS_DEPS, type PaymentsDeps } from './payments.deps';

export const schemaVersionOf = (type: string) => findCatalogEntry(type)?.schemaVersion ?? 1;

/** The command loop for payments, plus the read-your-writes wait. */
@Injectable()
export class PaymentsCommands {
  constructor(
    @Inject(PAYMENTS_DEPS) readonly deps: PaymentsDeps,
    private readonly projections: PaymentsProjections,
  ) {}

  payment(
    id: string,
    command: PaymentCommand | ((s: PaymentState) => PaymentCommand),
    context: CommandContext,
  ): Promise<CommandResult<PaymentState, PaymentEvent>> {
    return handleCommand(this.deps.store, paymentDecider, paymentStream(id), command, context, {
      schemaVersionOf,
    });
  }

  async loadPayment(id: string): Promise<PaymentState> {
    const { state } = await loadAggregate(this.deps.store, paymentDecider, paymentStream(id));
    if (state.status === 'none')
      throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${id} does not exist`, 'not_found');
    return state;
  }

  settle(): Promise<void> {
    return caughtUpWithin(this.projections, this.deps.readModelWaitMs ?? 5_000);
  }
}
