import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import type { InvoicingEvent } from '@billing/contracts';
import { deriveId } from '@billing/kernel';
import { Money } from '@billing/money';
import { balancesOf, type OpenInvoice } from '@billing/payments-domain';
import type { IntegrationEventSource } from '@billing/read-models';
import { applyInvoicingEvent, openInvoicesOf } from '../read-models/open-invoices.read-model';
import { invoiceNumbersOf } from '../payments/commands/issue-confirmation/invoice-numbers';
import { eventCommandContext } from '../shared/command-context';
import { PaymentsCommands } from '../shared/payments-commands';
import { PAYMENTS_DEPS, type PaymentsDeps } from '../shared/payments.deps';

/** Payments with unapplied credit looked at when a new invoice is issued, oldest first. */
const creditPaymentsMax = 100;

/**
 * Reacts to invoicing's events: keeps the open-invoice read model, records invoicing's answer to
 * each allocation (a rejection returns the amount to unapplied credit), issues the receipt once a
 * payment is fully applied, and applies unapplied credit to a newly issued invoice. Every command
 * derives its event ids from the causing event, so a redelivery writes nothing twice.
 */
@Injectable()
export class InvoicingEventsProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private source: IntegrationEventSource | undefined;

  constructor(
    @Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps,
    private readonly commands: PaymentsCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.deps.integrationEvents({
      name: 'payments.invoicing-events',
      contexts: ['invoicing'],
      categories: ['billingaccount', 'invoice'],
      handle: (event, db) => this.handle(event, db),
    });
    await this.source.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }

  async handle(event: RecordedEvent, db: SqlExecutor): Promise<void> {
    const e = event as RecordedEvent & InvoicingEvent;
    await applyInvoicingEvent(e, db);
    switch (e.type) {
      case 'InvoiceIssued':
        await this.applyUnappliedCredit(event, e.data.billingAccountId, db);
        return;
      case 'PaymentAllocationApplied':
        await this.recordOutcome(
          event,
          e.data.paymentId,
          e.data.allocationId,
          'applied',
          undefined,
          db,
        );
        return;
      case 'PaymentAllocationRejected':
        await this.recordOutcome(
          event,
          e.data.paymentId,
          e.data.allocationId,
          'rejected',
          e.data.reason,
          db,
        );
        return;
      default:
        return;
    }
  }

  private async recordOutcome(
    cause: RecordedEvent,
    paymentId: string,
    allocationId: string,
    outcome: 'applied' | 'rejected',
    reason: string | undefined,
    db: SqlExecutor,
  ): Promise<void> {
    const result = await this.commands.payment(
      paymentId,
      {
        type: 'RecordAllocationOutcome',
        data: { paymentId, allocationId, outcome, ...(reason ? { reason } : {}) },
      },
      eventCommandContext(cause, allocationId),
    );
    const state = result.state;
    if (state.status !== 'received' || state.confirmationIds.length > 0) return;
    const b = balancesOf(state);
    if (!(b.confirmed.isPositive() && b.pending.isZero() && b.unapplied.isZero())) return;
    await this.commands.payment(
      paymentId,
      {
        type: 'IssuePaymentConfirmation',
        data: {
          paymentId,
          confirmationId: deriveId(paymentId, 'confirmation', 'fully-applied'),
          onRequest: false,
          invoiceNumbers: await invoiceNumbersOf(
            db,
            state.allocations.map((a) => a.invoiceId),
          ),
          issuedAt: cause.occurredAt,
        },
      },
      eventCommandContext(cause, `${paymentId}:confirmation`),
    );
  }

  /** Unapplied money waiting on the account goes to the open invoices, oldest due first. */
  private async applyUnappliedCredit(
    cause: RecordedEvent,
    billingAccountId: string,
    db: SqlExecutor,
  ): Promise<void> {
    const { rows } = await db.query<{ payment_id: string }>(
      `SELECT payment_id FROM payments_rm.payments
        WHERE billing_account_id = $1 AND status = 'received' AND unapplied::numeric > 0
        ORDER BY received_date, payment_id LIMIT $2`,
      [billingAccountId, creditPaymentsMax],
    );
    let openInvoices: OpenInvoice[] = await openInvoicesOf(db, billingAccountId);
    for (const { payment_id: paymentId } of rows) {
      if (openInvoices.length === 0) return;
      const result = await this.commands.payment(
        paymentId,
        {
          type: 'AllocatePayment',
          data: { paymentId, openInvoices, allocatedAt: cause.occurredAt },
        },
        eventCommandContext(cause, paymentId),
      );
      openInvoices = lessAllocated(openInvoices, result.events);
    }
  }
}

/** What the next payment may still take, after this one's allocations (not yet applied by invoicing). */
function lessAllocated(
  invoices: OpenInvoice[],
  events: Array<{ type: string; data: unknown }>,
): OpenInvoice[] {
  const taken = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'PaymentAllocated') continue;
    for (const a of (event.data as { allocations: Array<{ invoiceId: string; amount: string }> })
      .allocations)
      taken.set(a.invoiceId, a.amount);
  }
  return invoices
    .map((invoice) => {
      const amount = taken.get(invoice.invoiceId);
      if (amount === undefined) return invoice;
      const open = Money.of(invoice.amountOpen, invoice.currency).subtract(
        Money.of(amount, invoice.currency),
      );
      return { ...invoice, amountOpen: open.amount };
    })
    .filter((invoice) => Money.of(invoice.amountOpen, invoice.currency).isPositive());
}
