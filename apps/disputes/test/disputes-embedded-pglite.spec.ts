import { randomUUID } from 'node:crypto';
import {
  createPgliteEventStore,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import { createInProcessBus, createRelay, silentLogger, type Relay } from '@billing/messaging';
import { createServiceApp, loadConfig, mintToken, PlatformConfig } from '@billing/platform';
import {
  applySqlMigrationsWith,
  autocommitTransactionRunner,
  inProcessBusIntegrationEvents,
} from '@billing/read-models';
import type { INestApplication } from '@nestjs/common';
import {
  chargebackDisputeId,
  createDisputesModule,
  disputesMigrations,
} from '@billing/disputes-service';
import type { ChargebackReceived } from '@billing/contracts';
import { eventually, get, post } from '@billing/service-testing';
import { chargebackReceived, invoiceIssued } from './support/other-contexts-events';

jest.setTimeout(120_000);

const secret = 'embedded-test-secret-at-least-32-characters';

/**
 * The embedded mode: the same module on PGlite (in process, no server); invoicing's and payments'
 * events reach it through their relays and @billing/messaging's in-process bus, as they would
 * through Kafka.
 */
describe('disputes embedded on PGlite', () => {
  let store: SqlEventStore;
  let app: INestApplication;
  let clerk: string;
  let manager: string;
  let clock: ManualClock;
  const relays: Relay[] = [];

  beforeAll(async () => {
    store = await createPgliteEventStore();
    const db = store.backend;
    await applySqlMigrationsWith(db, [disputesMigrations]);
    const tx = autocommitTransactionRunner(db);
    clock = new ManualClock('2026-03-02T09:00:00Z');
    const bus = createInProcessBus({ logger: silentLogger });
    for (const [service, category] of [
      ['invoicing', 'invoice'],
      ['payments', 'payment'],
    ] as const) {
      relays.push(
        createRelay({
          publisher: bus,
          store,
          service,
          topic: `billing.${service}.v1`,
          categories: [category],
          logger: silentLogger,
        }),
      );
    }
    app = await createServiceApp(
      {
        module: createDisputesModule({
          store,
          db,
          tx,
          clock,
          integrationEvents: inProcessBusIntegrationEvents(bus, db),
          // The service's own escalation timer, on here (off in the HTTP tests, which call the run).
          escalationIntervalMs: 50,
        }),
        prefix: 'disputes',
        title: 'Disputes',
      },
      {
        config: loadConfig(PlatformConfig, {
          SERVICE_NAME: 'disputes',
          JWT_SECRET: secret,
          LOG_LEVEL: 'silent',
        }),
        clock,
        docs: false,
      },
    );
    await app.init();
    for (const relay of relays) await relay.start();
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 600 });
    manager = await mintToken({ sub: 'manager-1', roles: ['billing-manager'], secret, ttl: 600 });
  });
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await app?.close();
    await store?.close();
  });

  it('learns an invoice from the bus, opens a dispute on a line and accepts it in part', async () => {
    const invoice = await invoiceIssued(store, ['800.00', '200.00']);
    await eventually(
      () => get(app, clerk, `/disputes/invoices/${invoice.invoiceId}`),
      (r) => r.status === 200,
    );
    const opened = await post(app, clerk, '/disputes/disputes', {
      invoiceId: invoice.invoiceId,
      scope: 'lines',
      lineIds: ['line-2'],
      reasonCategory: 'quality',
      customerStatement: 'The second delivery was damaged.',
    });
    expect(opened.status).toBe(201);
    expect(opened.body.amount).toBe('200.00');
    const accepted = await post(
      app,
      manager,
      `/disputes/disputes/${opened.body.disputeId}/acceptance`,
      { acceptedAmount: '150.00' },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ acceptedAmount: '150.00', releasedAmount: '50.00' });
  });

  it("opens a dispute from payments' chargeback on the bus", async () => {
    const invoice = await invoiceIssued(store, ['90.00']);
    const chargeback: ChargebackReceived = {
      billingAccountId: invoice.billingAccountId,
      paymentId: randomUUID(),
      chargebackId: randomUUID(),
      chargebackReference: 'MC-4837-1',
      invoiceId: invoice.invoiceId,
      amount: '90.00',
      currency: 'EUR',
      reasonCode: '4837',
      receivedAt: '2026-03-03T08:00:00.000Z',
    };
    await chargebackReceived(store, chargeback);
    const shown = await eventually(
      () => get(app, clerk, `/disputes/disputes/${chargebackDisputeId(chargeback)}`),
      (r) => r.status === 200,
    );
    expect(shown.body).toMatchObject({
      source: 'chargeback',
      reasonCategory: 'unauthorised_charge',
      amount: '90.00',
    });
  });

  it('escalates an overdue dispute by itself on its timer, once, as the scheduler', async () => {
    const invoice = await invoiceIssued(store, ['70.00']);
    await eventually(
      () => get(app, clerk, `/disputes/invoices/${invoice.invoiceId}`),
      (r) => r.status === 200,
    );
    const opened = await post(app, clerk, '/disputes/disputes', {
      invoiceId: invoice.invoiceId,
      scope: 'whole',
      reasonCategory: 'duplicate_charge',
      customerStatement: 'Charged twice for the same delivery.',
    });
    expect(opened.body.resolutionDueDate).toBe('2026-03-16');
    clock.set('2026-03-17T09:00:00Z');
    const escalated = await eventually(
      () => get(app, clerk, `/disputes/disputes/${opened.body.disputeId}`),
      (r) => r.body.escalated === true,
    );
    expect(escalated.body.escalatedOn).toBe('2026-03-17');
    const escalations: RecordedEvent[] = [];
    for await (const { event } of store.readAll({ maxCount: 10_000 }))
      if (
        event.type === 'DisputeEscalated' &&
        (event.data as { disputeId: string }).disputeId === opened.body.disputeId
      )
        escalations.push(event);
    expect(escalations.map((e) => e.metadata.actor)).toEqual([
      { id: 'disputes-scheduler', roles: ['service'] },
    ]);
  });
});
