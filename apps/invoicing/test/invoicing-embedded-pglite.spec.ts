import { randomUUID } from 'node:crypto';
import {
  createPgliteEventStore,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import { createServiceApp, loadConfig, mintToken, PlatformConfig } from '@billing/platform';
import {
  applySqlMigrationsWith,
  autocommitTransactionRunner,
  storeIntegrationEvents,
} from '@billing/read-models';
import type { INestApplication } from '@nestjs/common';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';
import { get, issuedInvoice, post, verifiedAccount, waitFor } from './support/fixtures';
import { publishAsPayments } from './support/payments-events';

jest.setTimeout(120_000);

const secret = 'embedded-test-secret-at-least-32-characters';

/** The embedded mode: the same module on PGlite (in process, no server) with the in-process bus. */
describe('invoicing embedded on PGlite', () => {
  let store: SqlEventStore;
  let app: INestApplication;
  let clerk: string;

  beforeAll(async () => {
    store = await createPgliteEventStore();
    const db = store.backend;
    await applySqlMigrationsWith(db, [invoicingMigrations]);
    const tx = autocommitTransactionRunner(db);
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    app = await createServiceApp(
      {
        module: createInvoicingModule({
          store,
          db,
          tx,
          clock,
          integrationEvents: storeIntegrationEvents(store, tx, db),
        }),
        prefix: 'invoicing',
        title: 'Invoicing',
      },
      {
        config: loadConfig(PlatformConfig, {
          SERVICE_NAME: 'invoicing',
          JWT_SECRET: secret,
          LOG_LEVEL: 'silent',
        }),
        clock,
        docs: false,
      },
    );
    await app.init();
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 600 });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("issues invoices and applies payments' allocations with no database server", async () => {
    const accountId = await verifiedAccount(app, clerk);
    const invoice = await issuedInvoice(app, clerk, accountId, ['250.00']);
    expect(invoice).toMatchObject({
      number: 'INV-2026-000001',
      dueDate: '2026-04-01',
      amountOpen: '250.00',
    });
    const paymentId = randomUUID();
    await publishAsPayments(store, paymentId, [
      {
        type: 'PaymentAllocated',
        data: {
          paymentId,
          billingAccountId: accountId,
          currency: 'USD',
          mode: 'automatic',
          allocations: [
            { allocationId: randomUUID(), invoiceId: invoice.invoiceId, amount: '250.00' },
          ],
          unappliedAfter: '0.00',
          allocatedAt: '2026-03-03T10:00:00.000Z',
        },
      },
    ]);
    const paid = await waitFor(
      async () => (await get(app, clerk, `/invoicing/invoices/${invoice.invoiceId}`)).body,
      (b) => b.status === 'paid',
    );
    expect(paid).toMatchObject({ status: 'paid', amountOpen: '0.00' });
    const events: RecordedEvent[] = [];
    for await (const item of store.readAll()) events.push(item.event);
    expect(events.map((e) => e.type)).toContain('PaymentAllocationApplied');
    expect(
      (await post(app, clerk, '/invoicing/invoices', { billingAccountId: 'nope' })).status,
    ).toBe(400);
  });
});
