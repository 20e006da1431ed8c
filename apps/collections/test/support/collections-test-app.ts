import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { RecordedEvent } from '@billing/event-store';
import {
  billingAccountStream,
  disputeStream,
  invoiceStream,
  type DisputeEvent,
  type InvoicingEvent,
  type PaymentEvent,
} from '@billing/contracts';
import {
  createCollectionsModule,
  collectionsMigrations,
  type CollectionsSettings,
  openDunningNotification,
  type DunningNotificationEnvelope,
  type DunningNotificationMessage,
} from '@billing/collections-service';
import { PersonalDataCipher } from '@billing/personal-data';
import { createInProcessBus, silentLogger } from '@billing/messaging';
import { startServiceTestApp, type ServiceTestApp } from '@billing/service-testing';

export interface CollectionsTestApp extends ServiceTestApp {
  /**
   * Every notification the service published, in order (the in-process bus as publisher), opened
   * as an email sender would: its recipient and body decrypted through collections' keys.
   */
  notifications: DunningNotificationMessage[];
  /** Collections' own events, in global order. */
  collectionsEvents(): Promise<RecordedEvent[]>;
}

/**
 * Collections alone on a throw-away PostgreSQL database; the other contexts' events are written
 * to the shared store as those services would, and notifications go to the in-process bus, as in
 * the embedded run mode.
 */
export async function startCollectionsTestApp(
  settings: Partial<CollectionsSettings> = {},
): Promise<CollectionsTestApp> {
  const notifications: DunningNotificationMessage[] = [];
  const bus = createInProcessBus({ logger: silentLogger });
  // Set once the app (and its key store) exists; nothing is published before that.
  const keys: { cipher?: PersonalDataCipher } = {};
  bus.subscribe({
    groupId: 'test-email-sender',
    handle: async (event) => {
      if (!keys.cipher) throw new Error('a notification before the app started');
      const envelope = event as unknown as DunningNotificationEnvelope;
      notifications.push((await openDunningNotification(envelope, keys.cipher)).notification);
    },
  });
  const app = await startServiceTestApp({
    context: 'collections',
    title: 'Collections',
    migrations: collectionsMigrations,
    createModule: (deps) =>
      createCollectionsModule({ ...deps, notificationsPublisher: () => bus }, { settings }),
  });
  keys.cipher = new PersonalDataCipher(app.personalDataKeys);
  return {
    ...app,
    notifications,
    collectionsEvents: async () =>
      (await app.allEvents()).filter((event) => event.metadata.service === 'collections'),
  };
}

type AnyEvent = InvoicingEvent | PaymentEvent | DisputeEvent;

/** Appends another service's events to the shared store as that service would. */
export async function publishAs(
  t: ServiceTestApp,
  service: 'invoicing' | 'payments' | 'disputes',
  streamId: string,
  events: AnyEvent[],
  occurredAt = t.clock.now().toISOString(),
): Promise<void> {
  await t.store.appendToStream(
    streamId,
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: `${service}-service`, roles: ['service'] },
        service,
      },
      occurredAt,
    })),
    { expected: 'any' },
  );
}

export async function accountOpened(t: ServiceTestApp, currency = 'EUR'): Promise<string> {
  const billingAccountId = randomUUID();
  await publishAs(t, 'invoicing', billingAccountStream(billingAccountId), [
    {
      type: 'BillingAccountOpened',
      data: {
        billingAccountId,
        legalName: 'Acme GmbH',
        billingContactName: 'Jana Novak',
        email: 'ap@acme.example',
        address: { line1: 'Hauptstrasse 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        country: 'DE',
        taxId: 'DE123456789',
        currency,
        paymentTermsDays: 30,
        purchaseOrderRequired: false,
        openedAt: t.clock.now().toISOString(),
      },
    },
  ]);
  return billingAccountId;
}

export async function invoiceIssued(
  t: ServiceTestApp,
  billingAccountId: string,
  total: string,
  dueDate: string,
  number = `INV-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
  currency = 'EUR',
): Promise<string> {
  const invoiceId = randomUUID();
  await publishAs(t, 'invoicing', invoiceStream(invoiceId), [
    {
      type: 'InvoiceIssued',
      data: {
        invoiceId,
        billingAccountId,
        number,
        currency,
        issueDate: t.clock.now().toISOString().slice(0, 10),
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

export async function allocationApplied(
  t: ServiceTestApp,
  billingAccountId: string,
  invoiceId: string,
  amountApplied: string,
  amountOpen: string,
  paymentId = randomUUID(),
): Promise<string> {
  await publishAs(t, 'invoicing', invoiceStream(invoiceId), [
    {
      type: 'PaymentAllocationApplied',
      data: {
        invoiceId,
        billingAccountId,
        paymentId,
        allocationId: randomUUID(),
        currency: 'EUR',
        amountApplied,
        amountOpen,
        status: amountOpen === '0.00' ? 'paid' : 'partially_paid',
      },
    },
  ]);
  return paymentId;
}

export async function disputeOpened(
  t: ServiceTestApp,
  billingAccountId: string,
  invoiceId: string,
  amount: string,
): Promise<string> {
  const disputeId = randomUUID();
  await publishAs(t, 'disputes', disputeStream(disputeId), [
    {
      type: 'DisputeOpened',
      data: {
        billingAccountId,
        disputeId,
        invoiceId,
        scope: 'amount',
        amount,
        currency: 'EUR',
        reasonCategory: 'pricing_error',
        customerStatement: 'Charged twice for line 2',
        openedAt: t.clock.now().toISOString(),
        openedBy: 'agent-1',
        source: 'manual',
        resolutionDueDate: '2026-03-16',
      },
    },
  ]);
  return disputeId;
}

export function post(
  app: INestApplication,
  token: string,
  url: string,
  body: unknown,
  key: string | null = randomUUID(),
) {
  const req = request(app.getHttpServer()).post(url).set('Authorization', `Bearer ${token}`);
  if (key !== null) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

export function put(app: INestApplication, token: string, url: string, body: unknown) {
  return request(app.getHttpServer())
    .put(url)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', randomUUID())
    .send(body as object);
}

export function get(app: INestApplication, token: string, url: string) {
  return request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`);
}

/** Polls until `check` passes (the service learns other contexts' events asynchronously). */
export async function eventually<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 1_500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
