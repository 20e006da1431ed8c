import {
  foldAll,
  ledgerProjection,
  accountBalances,
  trialBalance,
  serialize,
} from '@billing/ledger-domain';
import { LedgerQueries, rebuildLedgerProjections } from '@billing/ledger-service';
import { startLedgerTestApp, trafficOf, type LedgerTestApp } from './support/ledger-test-app';

jest.setTimeout(180_000);

describe('ledger live projections and rebuild (smoke)', () => {
  let app: LedgerTestApp;
  beforeAll(async () => {
    app = await startLedgerTestApp('smoke');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('projects, agrees with the domain fold, and rebuilds to the same checksums', async () => {
    const { take, traffic } = trafficOf({ accounts: 10, seed: 3 });
    await app.append(take(1500, true));
    await app.caughtUp();
    const events = await app.allEvents();
    const state = foldAll(ledgerProjection, events);
    const queries = new LedgerQueries(app.db);
    for (const account of traffic.accounts.slice(0, 5)) {
      const live = await queries.balances(account.billingAccountId);
      expect(serialize(live.balances)).toBe(
        serialize(accountBalances(state.balances, account.billingAccountId)),
      );
    }
    const tb = await queries.trialBalance();
    expect(serialize(tb.currencies)).toBe(serialize(trialBalance(state.journal)));
    const result = await rebuildLedgerProjections({ pool: app.pool });
    console.log(
      events.length,
      JSON.stringify(
        result.projections.map((p) => [
          p.projection,
          p.version,
          p.liveVersion,
          p.position,
          p.checksums.map((c) => [
            c.table,
            c.live?.rows,
            c.rebuilt.rows,
            c.rebuilt.md5.slice(0, 6),
          ]),
        ]),
      ),
    );
    for (const p of result.projections) {
      expect({ projection: p.projection, matched: p.matched, switched: p.switched }).toEqual({
        projection: p.projection,
        matched: true,
        switched: true,
      });
    }
  });
});
