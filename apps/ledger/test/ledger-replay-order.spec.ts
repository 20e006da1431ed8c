import {
  accountBalances,
  auditTrailOf,
  foldAll,
  ledgerProjection,
  serialize,
} from '@billing/ledger-domain';
import { pgExecutor } from '@billing/event-store';
import { readAccountEvents, replayAccountAsOf, liveVersion } from '@billing/ledger-service/core';
import { appendInBulk } from '@billing/ledger-service/testing';
import { startLedgerTestApp, trafficOf, type LedgerTestApp } from './support/ledger-test-app';

jest.setTimeout(120_000);

/**
 * An account's replay reads its events in position order and folds them as they arrive. When two
 * transactions commit out of order (the one that started first appends last), the safe order is
 * not the position order: the replay must notice and fold the safe order.
 */
describe("an account's replay when transactions committed out of order", () => {
  let app: LedgerTestApp;
  beforeAll(async () => {
    app = await startLedgerTestApp('order');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('folds the safe order, not the position order', async () => {
    const { take, traffic } = trafficOf({ accounts: 1, seed: 5 });
    const events = take(300, true);
    const [first, second] = events.splice(events.length - 2, 2);
    if (first === undefined || second === undefined) throw new Error('too little traffic');
    await app.append(events);
    // `early` takes its transaction id first but appends last: its event gets the higher
    // position and comes first in the safe order.
    const early = await app.pool.connect();
    const late = await app.pool.connect();
    try {
      await early.query('BEGIN');
      // An appender announces itself before it has a transaction id (ADR 0010): an empty append
      // takes the "appending" marker without writing, then the id is taken early on purpose.
      await early.query(
        `SELECT * FROM event_store.append_events('ledgerorder-marker', 'any', 'test', '{}', '{}', '{}', '{}', '{}', '[]', '[]')`,
      );
      await early.query('SELECT pg_current_xact_id()');
      await late.query('BEGIN');
      await appendInBulk(pgExecutor(late), [second]);
      await late.query('COMMIT');
      await appendInBulk(pgExecutor(early), [first]);
      await early.query('COMMIT');
    } finally {
      early.release();
      late.release();
    }
    await app.caughtUp();

    const log = await app.allEvents();
    const [inSafeOrder, after] = log.slice(-2);
    expect([inSafeOrder?.eventId, after?.eventId]).toEqual([first.eventId, second.eventId]);
    expect(inSafeOrder?.globalPosition).toBeGreaterThan(after?.globalPosition ?? 0);

    const account = (traffic.accounts[0] as { billingAccountId: string }).billingAccountId;
    const index = await liveVersion(app.db, 'account_index');
    if (index === null) throw new Error('no account index');
    const read = await readAccountEvents(app.db, {
      billingAccountId: account,
      index: { table: `ledger_rm.account_events_v${index.version}`, checkpoint: index.checkpoint },
    });
    expect(read.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));

    const replay = await replayAccountAsOf({ db: app.db, billingAccountId: account });
    const expected = foldAll(ledgerProjection, log);
    expect(replay.timeline.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    expect(serialize(replay.timeline)).toBe(serialize(auditTrailOf(expected.auditTrail, account)));
    expect(serialize(replay.balances)).toBe(serialize(accountBalances(expected.balances, account)));
  });
});
