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

  it('rebuilds text holding tabs, line breaks and backslashes to the same checksums as the live tables', async () => {
    // A rebuild loads rows with COPY, whose text format gives these characters a meaning; the
    // live projectors insert them as parameters. Both must store the same text.
    const odd = 'tab\there, line\nbreak, carriage\rreturn, back\\slash \\N';
    const { take } = trafficOf({ accounts: 3, seed: 11 });
    const events = take(400, true).map((event) => {
      const data = event.data as Record<string, unknown>;
      return {
        ...event,
        metadata: { ...event.metadata, actor: { ...event.metadata.actor, id: `clerk ${odd}` } },
        data: {
          ...data,
          ...('reason' in data ? { reason: `${String(data['reason'])} ${odd}` } : {}),
          ...('externalReference' in data ? { externalReference: `BANK ${odd}` } : {}),
        },
      };
    });
    await app.append(events);
    await app.caughtUp();
    const result = await rebuildLedgerProjections({ pool: app.pool });
    for (const p of result.projections) {
      expect({ projection: p.projection, matched: p.matched }).toEqual({
        projection: p.projection,
        matched: true,
      });
    }
    const trail = await app.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ledger_rm.audit_trail_v${result.projections.find((p) => p.projection === 'audit_trail')?.version} WHERE actor_id = $1`,
      [`clerk ${odd}`],
    );
    expect(Number(trail.rows[0]?.n)).toBe(events.length);
  });
});
