import { Pool } from 'pg';
import { eventStoreMigrations, pgExecutor, type SqlExecutor } from '@billing/event-store';
import {
  accountBalances,
  auditTrailOf,
  invoicesOfAccount,
  ledgerProjection,
  replayAsOf,
  serialize,
  type AsOf,
  type LedgerEvent,
} from '@billing/ledger-domain';
import { decimalArithmetic, withArithmetic } from '@billing/ledger-domain/testing';
import {
  ledgerMigrations,
  readLog,
  rebuildLedgerProjections,
  replayAccountAsOf,
} from '@billing/ledger-service/core';
import { appendInBulk } from '@billing/ledger-service/testing';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { trafficOf } from './support/ledger-test-app';

jest.setTimeout(120_000);

/**
 * A warm as-of replay no longer reads and parses a long account's events again: they are kept
 * from the first replay, and only the events past the kept checkpoint are read. An auditor must
 * get exactly what the old path gave: the whole log folded as of the moment with the decimal.js
 * arithmetic the ledger used before, for the first replay, the warm ones, other moments, and
 * after more events were appended.
 */
describe('as-of replay of a long account, warm', () => {
  let database: TestDatabase;
  let pool: Pool;
  let db: SqlExecutor;
  const { take, traffic } = trafficOf({ accounts: 3, seed: 18, hotAccountShare: 0.7 });
  let account: string;

  beforeAll(async () => {
    database = await createTestDatabase('ldg_replay_cache');
    await migrate(database.url, [eventStoreMigrations, ledgerMigrations]);
    pool = new Pool({ connectionString: database.url, max: 3 });
    pool.on('error', () => undefined);
    db = pgExecutor(pool);
    account = (traffic.accounts[0] as { billingAccountId: string }).billingAccountId;
    await appendInBulk(db, take(2_500, true));
    await rebuildLedgerProjections({ pool, projection: 'account_index' });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  async function log(): Promise<LedgerEvent[]> {
    const events: LedgerEvent[] = [];
    for await (const page of readLog(db, { after: '', pageSize: 50_000 }))
      events.push(...page.events);
    return events;
  }

  /** The old answer: the whole log folded as of `asOf` with decimal.js, this account's part. */
  function expected(events: LedgerEvent[], asOf: AsOf) {
    const state = withArithmetic(decimalArithmetic, () =>
      replayAsOf(ledgerProjection, events, asOf),
    );
    return serialize({
      balances: accountBalances(state.balances, account),
      invoices: invoicesOfAccount(state.balances, account),
      timeline: auditTrailOf(state.auditTrail, account),
    });
  }

  async function replayed(asOf: AsOf) {
    const r = await replayAccountAsOf({ db, billingAccountId: account, asOf });
    return {
      events: r.computedAt.eventsReplayed,
      text: serialize({ balances: r.balances, invoices: r.invoices, timeline: r.timeline }),
    };
  }

  it('gives the old result cold, warm, at other moments and after more events', async () => {
    let events = await log();
    const head = events[events.length - 1]?.globalPosition ?? 0;
    const hot = events.filter((e) => JSON.stringify(e.data).includes(account)).length;
    expect(hot).toBeGreaterThan(1_000); // long enough to be kept

    const cold = await replayed({ position: head });
    expect(cold.text).toBe(expected(events, { position: head }));
    expect(cold.events).toBeGreaterThan(1_000);
    for (const position of [head, Math.floor(head / 2), 1]) {
      expect((await replayed({ position })).text).toBe(expected(events, { position }));
    }
    const middle = events[Math.floor(events.length / 3)] as LedgerEvent;
    const byTime = { recordedAt: middle.recordedAt };
    expect((await replayed(byTime)).text).toBe(expected(events, byTime));

    // Appended after the index was built: read past the kept checkpoint, folded after the rest.
    await appendInBulk(db, take(400, true));
    events = await log();
    const newHead = events[events.length - 1]?.globalPosition ?? 0;
    expect(newHead).toBeGreaterThan(head);
    const after = await replayed({ position: newHead });
    expect(after.text).toBe(expected(events, { position: newHead }));
    expect(after.events).toBeGreaterThan(cold.events);
    expect((await replayed({ position: head })).text).toBe(expected(events, { position: head }));
  });
});
