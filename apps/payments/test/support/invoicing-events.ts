import { randomUUID } from 'node:crypto';
import type { EventStore } from '@billing/event-store';
import { billingAccountStream, invoiceStream, type InvoicingEvent } from '@billing/contracts';

/**
 * Invoicing's side of the conversation, written to the shared store as the invoicing service
 * would (its categories, its service name): payments learns of accounts and invoices only through
 * these events, so this is all its tests need of invoicing.
 */
export async function publishAsInvoicing(
  store: EventStore,
  streamId: string,
  events: InvoicingEvent[],
): Promise<void> {
  await store.appendToStream(
    streamId,
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'clerk', roles: ['billing-clerk'] },
        service: 'invoicing',
      },
      occurredAt: '2026-03-02T09:00:00.000Z',
    })),
    { expected: 'any' },
  );
}

export async function accountOpened(store: EventStore, currency = 'USD'): Promise<string> {
  const billingAccountId = randomUUID();
  await publishAsInvoicing(store, billingAccountStream(billingAccountId), [
    {
      type: 'BillingAccountOpened',
      data: {
        billingAccountId,
        legalName: 'Acme',
        billingContactName: 'Jane',
        email: 'ap@acme.example',
        address: {
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '62701',
          region: 'IL',
          country: 'US',
        },
        country: 'US',
        taxId: '12-3456789',
        currency,
        paymentTermsDays: 30,
        purchaseOrderRequired: false,
        openedAt: '2026-03-02T09:00:00.000Z',
      },
    },
  ]);
  return billingAccountId;
}

export async function invoiceIssued(
  store: EventStore,
  billingAccountId: string,
  total: string,
  number: string,
  dueDate: string,
): Promise<string> {
  const invoiceId = randomUUID();
  await publishAsInvoicing(store, invoiceStream(invoiceId), [
    {
      type: 'InvoiceIssued',
      data: {
        invoiceId,
        billingAccountId,
        number,
        currency: 'USD',
        issueDate: '2026-03-02',
        dueDate,
        paymentTermsDays: 30,
        lines: [],
        subtotal: total,
        taxTotal: '0.00',
        total,
      },
    },
  ]);
  return invoiceId;
}

export async function invoiceVoided(
  store: EventStore,
  billingAccountId: string,
  invoiceId: string,
): Promise<void> {
  await publishAsInvoicing(store, invoiceStream(invoiceId), [
    {
      type: 'InvoiceVoided',
      data: {
        invoiceId,
        billingAccountId,
        reason: 'mistake',
        voidedAt: '2026-03-02T10:00:00.000Z',
      },
    },
  ]);
}
