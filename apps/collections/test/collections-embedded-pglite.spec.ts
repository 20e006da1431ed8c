import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createPgliteEventStore, type SqlEventStore } from '@billing/event-store';
import { billingAccountStream, invoiceStream, type InvoicingEvent } from '@billing/contracts';
import {
  collectionsMigrations,
  createCollectionsModule,
  dunningNotificationType,
  openDunningNotification,
  type DunningNotificationEnvelope,
} from '@billing/collections-service';
import { ManualClock } from '@billing/kernel';
import { createInProcessBus, createRelay, silentLogger, type Relay } from '@billing/messaging';
import {
  masterKeyOf,
  PersonalDataCipher,
  personalDataMigrations,
  SqlPersonalDataKeyStore,
} from '@billing/personal-data';
import { createServiceApp, loadConfig, mintToken, PlatformConfig } from '@billing/platform';
import {
  applySqlMigrationsWith,
  autocommitTransactionRunner,
  inProcessBusIntegrationEvents,
} from '@billing/read-models';

jest.setTimeout(120_000);

const secret = 'embedded-test-secret-at-least-32-characters';

/**
 * The embedded mode: collections on PGlite, invoicing's events arriving through invoicing's relay
 * and the in-process bus, and dunning notifications published to that same bus, where an email
 * sender of the embedded system would subscribe. The notification names the customer, so its
 * recipient and body travel encrypted; the sender opens them through the key store.
 */
describe('collections embedded on PGlite', () => {
  let store: SqlEventStore;
  let app: INestApplication;
  let relay: Relay;
  let manager: string;
  let agent: string;
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const notifications: DunningNotificationEnvelope[] = [];
  let keyStore: SqlPersonalDataKeyStore;

  beforeAll(async () => {
    store = await createPgliteEventStore();
    const db = store.backend;
    await applySqlMigrationsWith(db, [collectionsMigrations, personalDataMigrations]);
    keyStore = new SqlPersonalDataKeyStore({ db, masterKey: masterKeyOf(randomBytes(32)) });
    const bus = createInProcessBus({ logger: silentLogger });
    bus.subscribe({
      groupId: 'email-sender',
      handle: async (event) => {
        if (event.type === dunningNotificationType)
          notifications.push(event as unknown as DunningNotificationEnvelope);
      },
    });
    relay = createRelay({
      publisher: bus,
      store,
      service: 'invoicing',
      topic: 'billing.invoicing.v1',
      categories: ['billingaccount', 'invoice'],
      logger: silentLogger,
    });
    app = await createServiceApp(
      {
        module: createCollectionsModule({
          store,
          db,
          tx: autocommitTransactionRunner(db),
          clock,
          integrationEvents: inProcessBusIntegrationEvents(bus, db),
          notificationsPublisher: () => bus,
          personalDataKeys: keyStore,
        }),
        prefix: 'collections',
        title: 'Collections',
      },
      {
        config: loadConfig(PlatformConfig, {
          SERVICE_NAME: 'collections',
          JWT_SECRET: secret,
          LOG_LEVEL: 'silent',
        }),
        clock,
        docs: false,
      },
    );
    await app.init();
    await relay.start();
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 600 });
    agent = await mintToken({ sub: 'agent-1', roles: ['collections-agent'], secret, ttl: 600 });
  });
  afterAll(async () => {
    await relay?.stop();
    await app?.close();
    await store?.close();
  });

  async function asInvoicing(streamId: string, events: InvoicingEvent[]): Promise<void> {
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
        occurredAt: clock.now().toISOString(),
      })),
      { expected: 'any' },
    );
  }

  it('follows an invoice from the bus, reminds on day 37 and publishes the notification to the bus', async () => {
    const accountId = randomUUID();
    const invoiceId = randomUUID();
    await asInvoicing(billingAccountStream(accountId), [
      {
        type: 'BillingAccountOpened',
        data: {
          billingAccountId: accountId,
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
          currency: 'USD',
          paymentTermsDays: 30,
          purchaseOrderRequired: false,
          openedAt: clock.now().toISOString(),
        },
      },
    ]);
    await asInvoicing(invoiceStream(invoiceId), [
      {
        type: 'InvoiceIssued',
        data: {
          invoiceId,
          billingAccountId: accountId,
          number: 'INV-2026-000001',
          currency: 'USD',
          issueDate: '2026-01-05',
          dueDate: '2026-02-04',
          paymentTermsDays: 30,
          lines: [],
          subtotal: '1000.00',
          taxTotal: '0.00',
          total: '1000.00',
        },
      },
    ]);
    const status = () =>
      request(app.getHttpServer())
        .get(`/collections/billing-accounts/${accountId}/status`)
        .set('Authorization', `Bearer ${agent}`);
    const deadline = Date.now() + 30_000;
    while ((await status()).status !== 200 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));

    clock.set('2026-02-11T09:00:00Z');
    const run = await request(app.getHttpServer())
      .post('/collections/dunning/run')
      .set('Authorization', `Bearer ${manager}`)
      .set('Idempotency-Key', randomUUID())
      .send({});
    expect(run.status).toBe(200);
    expect(run.body.stepsTaken).toEqual([
      expect.objectContaining({ invoiceId, step: 'first_reminder', amountConcerned: '1000.00' }),
    ]);
    const sentBy = Date.now() + 30_000;
    while (notifications.length === 0 && Date.now() < sentBy)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(notifications).toHaveLength(1);
    // On the bus: the customer only as ciphertext of the account's data key.
    const published = JSON.stringify(notifications[0]);
    for (const clear of ['Jane', 'ap@acme.example']) expect(published).not.toContain(clear);
    expect(notifications[0]!.data.recipient.email).toMatch(/^pd:v1:/);
    expect(notifications[0]!.data.body).toMatch(/^pd:v1:/);
    const cipher = new PersonalDataCipher(keyStore);
    const opened = await openDunningNotification(notifications[0]!, cipher);
    expect(opened).toMatchObject({
      sendable: true,
      notification: {
        billingAccountId: accountId,
        invoiceNumber: 'INV-2026-000001',
        step: 'first_reminder',
        recipient: { name: 'Jane', email: 'ap@acme.example', postalAddress: expect.any(String) },
      },
    });
    expect(opened.notification.body).toContain('Dear Jane,');
    expect((await status()).body.invoices[0]).toMatchObject({
      stepsTaken: [{ step: 'first_reminder', takenOn: '2026-02-11' }],
      nextStep: { step: 'second_reminder', dueOn: '2026-02-25' },
    });
    const worklist = await request(app.getHttpServer())
      .get('/collections/worklist')
      .set('Authorization', `Bearer ${agent}`);
    expect(worklist.body.entries).toEqual([
      expect.objectContaining({ billingAccountId: accountId, amountOverdue: '1000.00' }),
    ]);
  });

  it('after the account is erased, the notification already on the bus opens as [erased] and is not sendable', async () => {
    const envelope = notifications[0]!;
    await keyStore.destroy(envelope.data.billingAccountId, '2026-02-12T09:00:00.000Z');
    const opened = await openDunningNotification(envelope, new PersonalDataCipher(keyStore));
    expect(opened.sendable).toBe(false);
    expect(opened.notification.recipient).toEqual({
      name: '[erased]',
      email: '[erased]',
      postalAddress: '[erased]',
    });
    expect(opened.notification.body).toBe('[erased]');
    expect(opened.notification.amountConcerned).toBe('1000.00');
  });
});
