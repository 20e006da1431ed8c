import { randomUUID } from 'node:crypto';
import { createPgliteEventStore, type SqlEventStore } from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import { createInProcessBus, createRelay, silentLogger, type Relay } from '@billing/messaging';
import { createServiceApp, loadConfig, mintToken, PlatformConfig } from '@billing/platform';
import {
  applySqlMigrationsWith,
  autocommitTransactionRunner,
  inProcessBusIntegrationEvents,
} from '@billing/read-models';
import type { INestApplication } from '@nestjs/common';
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';
import { eventually, get, post } from '@billing/service-testing';
import { accountOpened, invoiceIssued } from './support/invoicing-events';

jest.setTimeout(120_000);

const secret = 'embedded-test-secret-at-least-32-characters';

/**
 * The embedded mode: the same module on PGlite (in process, no server); invoicing's events reach it
 * through invoicing's relay and @billing/messaging's in-process bus, as they would through Kafka.
 */
describe('payments embedded on PGlite', () => {
  let store: SqlEventStore;
  let app: INestApplication;
  let clerk: string;
  let relay: Relay;

  beforeAll(async () => {
    store = await createPgliteEventStore();
    const db = store.backend;
    await applySqlMigrationsWith(db, [paymentsMigrations]);
    const tx = autocommitTransactionRunner(db);
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const bus = createInProcessBus({ logger: silentLogger });
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
        module: createPaymentsModule({
          store,
          db,
          tx,
          clock,
          integrationEvents: inProcessBusIntegrationEvents(bus, db),
        }),
        prefix: 'payments',
        title: 'Payments',
      },
      {
        config: loadConfig(PlatformConfig, {
          SERVICE_NAME: 'payments',
          JWT_SECRET: secret,
          LOG_LEVEL: 'silent',
        }),
        clock,
        docs: false,
      },
    );
    await app.init();
    await relay.start();
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 600 });
  });
  afterAll(async () => {
    await relay?.stop();
    await app?.close();
    await store?.close();
  });

  it('learns open invoices from the bus and allocates a payment oldest due first', async () => {
    const accountId = await accountOpened(store);
    const older = await invoiceIssued(store, accountId, '120.00', 'INV-2026-000001', '2026-04-01');
    const newer = await invoiceIssued(store, accountId, '80.00', 'INV-2026-000002', '2026-04-15');
    await eventually(
      () => get(app, clerk, `/payments/billing-accounts/${accountId}/payments`),
      (r) => r.body.openInvoices?.length === 2,
    );
    const paid = await post(app, clerk, '/payments/payments', {
      billingAccountId: accountId,
      amount: '150.00',
      currency: 'USD',
      method: 'check',
      externalReference: `CHK-${randomUUID()}`,
      receivedDate: '2026-03-05',
    });
    expect(paid.status).toBe(201);
    expect(
      paid.body.allocations.map((a: { invoiceId: string; amount: string }) => [
        a.invoiceId,
        a.amount,
      ]),
    ).toEqual([
      [older, '120.00'],
      [newer, '30.00'],
    ]);
    const shown = await get(app, clerk, `/payments/payments/${paid.body.paymentId}`);
    expect(shown.body).toMatchObject({ amount: '150.00', pending: '150.00', unapplied: '0.00' });
  });
});
