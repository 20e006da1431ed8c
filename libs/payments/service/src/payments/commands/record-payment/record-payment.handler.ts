import { Injectable } from '@nestjs/common';
import { handleCommand, type CommandContext } from '@billing/event-store';
import { paymentReferenceStream, paymentStream, type PaymentEvent } from '@billing/contracts';
import { deriveId, DomainError, fold } from '@billing/kernel';
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
 * written, so a refused instruction records nothing. The external reference is claimed first on
 * its own stream (`no_stream`), so a duplicate is refused with 409 naming the original and is
 * never recorded twice, whatever the races.
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
    const received = paymentDecider.decide(
      { type: 'RecordPayment', data },
      paymentDecider.initialState(),
    );
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
    await handleCommand(
      store,
      paymentReferenceDecider,
      paymentReferenceStream(data.billingAccountId, data.externalReference),
      {
        type: 'ClaimPaymentReference',
        data: {
          billingAccountId: data.billingAccountId,
          paymentId: data.paymentId,
          externalReference: data.externalReference,
        },
      },
      { ...context, idempotencyKey: `${context.idempotencyKey}:reference` },
      { schemaVersionOf },
    );
    const events: PaymentEvent[] = [...received, ...allocated];
    const streamId = paymentStream(data.paymentId);
    await store.appendToStream(
      streamId,
      events.map((event, index) => ({
        eventId: deriveId(context.idempotencyKey, streamId, index, event.type),
        type: event.type,
        schemaVersion: schemaVersionOf(event.type),
        data: event.data,
        metadata: { ...context.metadata, idempotencyKey: context.idempotencyKey },
        occurredAt: context.occurredAt,
      })),
      { expected: 'no_stream' },
    );
    return fold(paymentDecider, events);
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
