import { Injectable } from '@nestjs/common';
import { handleCommandsTogether, loadAggregate, type CommandContext } from '@billing/event-store';
import { paymentReferenceStream, paymentStream, type PaymentEvent } from '@billing/contracts';
import { DomainError, fold } from '@billing/kernel';
import {
  paymentDecider,
  paymentReferenceDecider,
  type PaymentState,
  type RecordPaymentData,
} from '@billing/payments-domain';
import { accountCurrency, openInvoicesOf } from '../../../read-models/open-invoices.read-model';
import { PaymentsCommands, schemaVersionOf } from '../../../shared/payments-commands';

/**
 * Records a payment and allocates it in one append: the allocation is decided before anything is
 * written, so a refused instruction records nothing. The external reference is claimed on its own
 * stream in the same all-or-none append, so a duplicate is refused with 409 naming the original
 * and is never recorded twice, whatever the races, and a refused payment claims nothing.
 */
@Injectable()
export class RecordPaymentHandler {
  constructor(private readonly commands: PaymentsCommands) {}

  async execute(data: RecordPaymentData, context: CommandContext): Promise<PaymentState> {
    const { store, db } = this.commands.deps;
    const known = await accountCurrency(db, data.billingAccountId);
    if (known === undefined) {
      // Money recorded against a mistyped id would sit as credit on an account nobody has.
      throw new DomainError(
        'UNKNOWN_BILLING_ACCOUNT',
        `Payments knows no billing account ${data.billingAccountId}`,
        'invalid',
        [
          {
            field: 'billingAccountId',
            reason:
              'must be an open billing account (one opened moments ago may not have reached payments yet: retry shortly)',
          },
        ],
      );
    }
    if (known !== data.currency) {
      throw new DomainError(
        'CURRENCY_MISMATCH',
        `The account pays in ${known}, not ${data.currency}`,
        'invalid',
        [{ field: 'currency', reason: `must be the account's currency ${known}` }],
      );
    }
    const existing = await this.existingPayment(data.paymentId);
    if (existing) {
      paymentDecider.decide({ type: 'RecordPayment', data }, existing); // same request: []; else 409
      return existing;
    }
    const referenceStreamId = paymentReferenceStream(data.billingAccountId, data.externalReference);
    const received = paymentDecider.decide(
      { type: 'RecordPayment', data },
      paymentDecider.initialState(),
    );
    // A bank reference seen before is a duplicate whatever its remittance says: flag it (409
    // naming the original) before the allocation is checked against invoices the first payment
    // may already have paid. The claim in the append below still settles races.
    await this.refuseKnownDuplicate(referenceStreamId, data);
    const afterReceipt = fold(paymentDecider, received);
    const allocated = paymentDecider.decide(
      {
        type: 'AllocatePayment',
        data: {
          paymentId: data.paymentId,
          openInvoices: await openInvoicesOf(db, data.billingAccountId),
          ...(data.remittance && data.remittance.length > 0
            ? { instructions: data.remittance }
            : {}),
          allocatedAt: data.recordedAt,
        },
      },
      afterReceipt,
    );
    const events: PaymentEvent[] = [...received, ...allocated];
    // The reference's claim and the payment in one append: a payment the store refuses leaves
    // no claimed reference behind that would refuse its corrected retry as a duplicate.
    await handleCommandsTogether(
      store,
      context,
      async () => {
        const reference = await loadAggregate(store, paymentReferenceDecider, referenceStreamId);
        const claimed = paymentReferenceDecider.decide(
          {
            type: 'ClaimPaymentReference',
            data: {
              billingAccountId: data.billingAccountId,
              paymentId: data.paymentId,
              externalReference: data.externalReference,
            },
          },
          reference.state,
        );
        return {
          appends: [
            {
              streamId: referenceStreamId,
              streamVersion: reference.streamVersion,
              events: claimed,
              context: { ...context, idempotencyKey: `${context.idempotencyKey}:reference` },
            },
            { streamId: paymentStream(data.paymentId), streamVersion: 0, events },
          ],
          answer: undefined,
        };
      },
      { schemaVersionOf },
    );
    return fold(paymentDecider, events);
  }

  private async refuseKnownDuplicate(
    referenceStreamId: string,
    data: RecordPaymentData,
  ): Promise<void> {
    const reference = await loadAggregate(
      this.commands.deps.store,
      paymentReferenceDecider,
      referenceStreamId,
    );
    paymentReferenceDecider.decide(
      {
        type: 'ClaimPaymentReference',
        data: {
          billingAccountId: data.billingAccountId,
          paymentId: data.paymentId,
          externalReference: data.externalReference,
        },
      },
      reference.state,
    );
  }

  private async existingPayment(paymentId: string): Promise<PaymentState | undefined> {
    try {
      return await this.commands.loadPayment(paymentId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return undefined;
      throw error;
    }
  }
}
