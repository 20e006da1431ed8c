import { randomUUID } from 'node:crypto';
import type { EventStore } from '@billing/event-store';
import {
  invoiceStream,
  paymentStream,
  type ChargebackReceived,
  type InvoiceLine,
  type InvoicingEvent,
} from '@billing/contracts';
import { Money } from '@billing/money';

/**
 * Another service's side of the conversation, written to the shared store as that service would
 * (its stream category, its service name): disputes learns invoices and chargebacks only through
 * these events, so this is all its tests need of invoicing and payments.
 */
async function publishAs(
  service: 'invoicing' | 'payments',
  store: EventStore,
  streamId: string,
  events: Array<{ type: string; data: unknown }>,
): Promise<string[]> {
  const eventIds = events.map(() => randomUUID());
  await store.appendToStream(
    streamId,
    events.map((event, index) => ({
      eventId: eventIds[index] as string,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: `${service}-user`, roles: ['billing-clerk'] },
        service,
      },
      occurredAt: '2026-03-02T09:00:00.000Z',
    })),
    { expected: 'any' },
  );
  return eventIds;
}

const publishAsInvoicing = (store: EventStore, streamId: string, events: InvoicingEvent[]) =>
  publishAs('invoicing', store, streamId, events);

export interface IssuedInvoice {
  invoiceId: string;
  billingAccountId: string;
  lineIds: string[];
}

/** An invoice issued by invoicing with one line per total given (no tax, so line total = net). */
export async function invoiceIssued(
  store: EventStore,
  lineTotals: string[],
  options: { billingAccountId?: string; currency?: string; number?: string } = {},
): Promise<IssuedInvoice> {
  const invoiceId = randomUUID();
  const billingAccountId = options.billingAccountId ?? randomUUID();
  const lines: InvoiceLine[] = lineTotals.map((total, index) => ({
    lineId: `line-${index + 1}`,
    description: `Service ${index + 1}`,
    quantity: '1',
    unitPrice: total,
    taxRate: '0',
    net: total,
    tax: '0.00',
    total,
  }));
  const currency = options.currency ?? 'EUR';
  const total = Money.sum(
    lineTotals.map((lineTotal) => Money.of(lineTotal, currency)),
    currency,
  ).amount;
  await publishAsInvoicing(store, invoiceStream(invoiceId), [
    {
      type: 'InvoiceIssued',
      data: {
        invoiceId,
        billingAccountId,
        number: options.number ?? `INV-2026-${invoiceId.slice(0, 6)}`,
        currency,
        issueDate: '2026-03-02',
        dueDate: '2026-04-01',
        paymentTermsDays: 30,
        lines,
        subtotal: total,
        taxTotal: '0.00',
        total,
      },
    },
  ]);
  return { invoiceId, billingAccountId, lineIds: lines.map((line) => line.lineId) };
}

export async function paymentApplied(
  store: EventStore,
  invoice: IssuedInvoice,
  amountApplied: string,
  amountOpen: string,
): Promise<void> {
  await publishAsInvoicing(store, invoiceStream(invoice.invoiceId), [
    {
      type: 'PaymentAllocationApplied',
      data: {
        invoiceId: invoice.invoiceId,
        billingAccountId: invoice.billingAccountId,
        paymentId: randomUUID(),
        allocationId: randomUUID(),
        currency: 'EUR',
        amountApplied,
        amountOpen,
        status: amountOpen === '0.00' ? 'paid' : 'partially_paid',
      },
    },
  ]);
}

export async function invoiceVoided(store: EventStore, invoice: IssuedInvoice): Promise<void> {
  await publishAsInvoicing(store, invoiceStream(invoice.invoiceId), [
    {
      type: 'InvoiceVoided',
      data: {
        invoiceId: invoice.invoiceId,
        billingAccountId: invoice.billingAccountId,
        reason: 'issued by mistake',
        voidedAt: '2026-03-02T10:00:00.000Z',
      },
    },
  ]);
}

/** Invoicing refuses an allocation, stating the open amount its invoice state still carries. */
export async function paymentAllocationRejected(
  store: EventStore,
  invoice: IssuedInvoice,
  amount: string,
  amountOpen: string,
): Promise<void> {
  await publishAsInvoicing(store, invoiceStream(invoice.invoiceId), [
    {
      type: 'PaymentAllocationRejected',
      data: {
        invoiceId: invoice.invoiceId,
        billingAccountId: invoice.billingAccountId,
        paymentId: randomUUID(),
        allocationId: randomUUID(),
        currency: 'EUR',
        amount,
        reason: 'invoice_not_open',
        message: 'The invoice was voided',
        amountOpen,
      },
    },
  ]);
}

/** Payments reports a chargeback on its payment stream, as the payments service would. */
export async function chargebackReceived(
  store: EventStore,
  chargeback: ChargebackReceived,
): Promise<string> {
  const [eventId] = await publishAs('payments', store, paymentStream(chargeback.paymentId), [
    { type: 'ChargebackReceived', data: chargeback },
  ]);
  return eventId as string;
}
