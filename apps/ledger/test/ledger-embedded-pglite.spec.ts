import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createPgliteEventStore, type SqlEventStore } from '@billing/event-store';
import {
  accountBalances,
  foldAll,
  ledgerProjection,
  serialize,
  type LedgerEvent,
} from '@billing/ledger-domain';
import {
  createLedgerModule,
  ledgerMigrations,
  LedgerProjectionsRunner,
  rebuildLedgerProjections,
} from '@billing/ledger-service';
import { createServiceApp, loadConfig, mintToken, PlatformConfig } from '@billing/platform';
import { applySqlMigrationsWith, autocommitTransactionRunner } from '@billing/read-models';
import { accountScenario } from './support/account-scenario';

jest.setTimeout(120_000);

const secret = 'embedded-ledger-secret-at-least-32-characters';

/**
 * The embedded mode: the same module on PGlite, one connection, no wrapping transaction. Each
 * batch writes its rows and its checkpoint in one statement, so it is still all or nothing.
 */
describe('the ledger embedded on PGlite', () => {
  let store: SqlEventStore;
  let app: INestApplication;
  let auditor: string;
  const scenario = accountScenario();

  beforeAll(async () => {
    store = await createPgliteEventStore();
    const db = store.backend;
    await applySqlMigrationsWith(db, [ledgerMigrations]);
    app = await createServiceApp(
      {
        module: createLedgerModule({ store, db, tx: autocommitTransactionRunner(db) }),
        prefix: 'ledger',
        title: 'Ledger',
      },
      {
        config: loadConfig(PlatformConfig, {
          SERVICE_NAME: 'ledger',
          JWT_SECRET: secret,
          LOG_LEVEL: 'silent',
        }),
        docs: false,
      },
    );
    await app.init();
    auditor = await mintToken({ sub: 'auditor-1', roles: ['auditor'], secret, ttl: 600 });
    // As the services append them: one stream at a time, through the store's port.
    for (const { streamId, ...event } of [...scenario.beforeBounce, ...scenario.bounce])
      await store.appendToStream(streamId, [event], { expected: 'any' });
    await app.get(LedgerProjectionsRunner).caughtUp();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const get = (url: string) =>
    request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${auditor}`);

  async function allEvents(): Promise<LedgerEvent[]> {
    const events: LedgerEvent[] = [];
    for await (const item of store.readAll()) events.push(item.event);
    return events;
  }

  it('keeps the live balances the domain folds from the log', async () => {
    const response = await get(`/ledger/accounts/${scenario.acme}/balances`);
    expect(response.status).toBe(200);
    const state = foldAll(ledgerProjection, await allEvents());
    expect(serialize(response.body.balances)).toBe(
      serialize(accountBalances(state.balances, scenario.acme)),
    );
    expect(response.body.balances[0].balanceDue).toBe('2150.50');
  });

  it('replays as of a position, nets the trial balance to zero and follows a payment', async () => {
    const position = scenario.beforeBounce.length;
    const replayed = await get(`/ledger/accounts/${scenario.acme}/balances?asOf=${position}`);
    expect(replayed.body.balances[0].balanceDue).toBe('-74.75');
    const tb = await get(`/ledger/trial-balance?asOf=${position}`);
    expect(tb.body.currencies.map((c: { net: string }) => c.net)).toEqual(['0.00', '0.00']);
    const trail = await get(`/ledger/payments/${scenario.pay2}/trail`);
    expect(trail.body.payment.invoices[0]).toMatchObject({
      invoiceId: scenario.inv3,
      amountApplied: '225.25',
    });
  });

  it('rebuilds on the one connection to the same checksums', async () => {
    const result = await rebuildLedgerProjections({ executor: store.backend });
    expect(result.projections.map((p) => [p.projection, p.matched, p.switched])).toEqual([
      ['journal', true, true],
      ['balances', true, true],
      ['statement', true, true],
      ['audit_trail', true, true],
      ['metrics', true, true],
      ['account_index', true, true],
    ]);
    const after = await get(`/ledger/accounts/${scenario.acme}/balances`);
    expect(after.body.balances[0].balanceDue).toBe('2150.50');
  });
});
