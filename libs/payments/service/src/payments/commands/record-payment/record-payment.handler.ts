import { Injectable } from '@nestjs/common';
import {
  handleCommandsTogether,
  loadAggregate,
  type CommandContext,
  type TogetherPlan,
} from '@billing/event-store';
import { paymentReferenceStream, paymentStream } from '@billing/contracts';
import {
  decideRecordPayment,
  paymentDecider,
  paymentReferenceDecider,
  type PaymentState,
  type RecordPaymentData,
  type RecordPaymentInputs,
} from '@billing/payments-domain';
import { accountCurrency, openInvoicesOf } from '../../../read-models/open-invoices.read-model';
import { PaymentsCommands, schemaVersionOf } from '../../../shared/payments-commands';

/**
 * Records a payment and allocates it through the command loop of several streams: each attempt
 * reads what the decision needs, `decideRecordPayment` decides, and the reference's claim and the
 * payment are appended all or none with each stream's expected version (a race is decided again
 * on fresh state). So a refused instruction records nothing, a duplicate reference is refused with
 * 409 naming the original and never recorded twice, and a refused payment claims nothing.
 */
@Injectable()
export class RecordPaymentHandler {
  constructor(private readonly commands: PaymentsCommands) {}

  execute(data: RecordPaymentData, context: CommandContext): Promise<PaymentState> {
    return handleCommandsTogether(
      this.commands.deps.store,
      context,
      () => this.decide(data, context),
      { schemaVersionOf },
    );
  }

  private async decide(
    data: RecordPaymentData,
    context: CommandContext,
  ): Promise<TogetherPlan<PaymentState>> {
    const paymentStreamId = paymentStream(data.paymentId);
    const referenceStreamId = paymentReferenceStream(data.billingAccountId, data.externalReference);
    const { inputs, versions } = await this.load(data, paymentStreamId, referenceStreamId);
    const decided = decideRecordPayment(data, inputs);
    return {
      appends: [
        {
          streamId: referenceStreamId,
          streamVersion: versions.reference,
          events: decided.reference,
          // The claim's ids derive from their own key, apart from the payment's.
          context: { ...context, idempotencyKey: `${context.idempotencyKey}:reference` },
        },
        { streamId: paymentStreamId, streamVersion: versions.payment, events: decided.payment },
      ],
      answer: decided.state,
    };
  }

  /** What the decision reads: the account as payments knows it, and the two streams. */
  private async load(
    data: RecordPaymentData,
    paymentStreamId: string,
    referenceStreamId: string,
  ): Promise<{ inputs: RecordPaymentInputs; versions: { payment: number; reference: number } }> {
    const { store, db } = this.commands.deps;
    const known = await accountCurrency(db, data.billingAccountId);
    const payment = await loadAggregate(store, paymentDecider, paymentStreamId);
    const reference = await loadAggregate(store, paymentReferenceDecider, referenceStreamId);
    // Only a new payment of a known account is allocated: nothing else needs the invoices.
    const allocates = known === data.currency && payment.state.status === 'none';
    const openInvoices = allocates ? await openInvoicesOf(db, data.billingAccountId) : [];
    return {
      inputs: {
        accountCurrency: known,
        openInvoices,
        payment: payment.state,
        reference: reference.state,
      },
      versions: { payment: payment.streamVersion, reference: reference.streamVersion },
    };
  }
}
