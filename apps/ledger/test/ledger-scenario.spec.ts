import type { Pool } from 'pg';
import {
  allAccountBalances,
  foldAll,
  ledgerProjection,
  serialize,
  trialBalance,
  type AccountBalance,
} from '@billing/ledger-domain';
import type { StoreEvent } from '@billing/ledger-domain/testing';
import {
  LedgerQueries,
  liveVersion,
  rebuildLedgerProjections,
  replayAccountAsOf,
  trialBalanceAsOf,
  type RebuildLedgerResult,
} from '@billing/ledger-service';
import { startLedgerTestApp, trafficOf, type LedgerTestApp } from './support/ledger-test-app';

jest.setTimeout(600_000);

const chunkCount = 20;
const eventsPerChunk = 520;

/**
 * A copy of the live balances table taken "at a moment during the run": under the projection's
 * pause lock, so no live batch is half written, with the position the live projection had reached.
 */
async function snapshotLiveBalances(
  pool: Pool,
  onLocked: () => void,
): Promise<{ position: number; rows: AccountBalance[] }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('ledger_rm.balances', 0))`);
    onLocked();
    const { rows: versions } = await client.query<{ version: number; position: string }>(
      `SELECT version, position::text AS position FROM ledger_rm.projection_versions
        WHERE projection = 'balances' AND state = 'live'`,
    );
    const live = versions[0];
    if (live === undefined) throw new Error('no live balances');
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT * FROM ledger_rm.balances_v${live.version} b ORDER BY b.billing_account_id, b.currency`,
    );
    await client.query('COMMIT');
    return {
      position: Number(live.position),
      rows: rows.map((r) => ({
        billingAccountId: r['billing_account_id'] as string,
        currency: r['currency'] as string,
        invoiced: r['invoiced'] as string,
        voided: r['voided'] as string,
        credited: r['credited'] as string,
        paid: r['paid'] as string,
        writtenOff: r['written_off'] as string,
        received: r['received'] as string,
        refunded: r['refunded'] as string,
        reversed: r['reversed'] as string,
        unappliedCredit: r['unapplied_credit'] as string,
        openReceivable: r['open_receivable'] as string,
        balanceDue: r['balance_due'] as string,
        counts: r['counts'] as AccountBalance['counts'],
      })),
    };
  } finally {
    client.release();
  }
}

function rebuiltSums(result: RebuildLedgerResult): string[] {
  return result.projections.flatMap((p) =>
    p.checksums.map((c) => `${p.projection}.${c.table}:${c.rebuilt.rows}:${c.rebuilt.md5}`),
  );
}

function expectAllMatchedAndSwitched(result: RebuildLedgerResult): void {
  expect(result.projections).toHaveLength(6);
  for (const p of result.projections) {
    for (const c of p.checksums) {
      expect({ projection: p.projection, table: c.table, rebuilt: c.rebuilt }).toEqual({
        projection: p.projection,
        table: c.table,
        rebuilt: c.live,
      });
    }
    expect({ projection: p.projection, matched: p.matched, switched: p.switched }).toEqual({
      projection: p.projection,
      matched: true,
      switched: true,
    });
  }
}

describe('a billing run of more than 10,000 events', () => {
  let t: LedgerTestApp;
  beforeAll(async () => {
    t = await startLedgerTestApp('scenario');
  });
  afterAll(() => t?.close());

  it('rebuilds every projection to the live checksums, and replays mid-run balances equal to a copy of the live table taken then', async () => {
    const { take, traffic } = trafficOf({ accounts: 60, seed: 11, hotAccountShare: 0.1 });
    const chunks: StoreEvent[][] = [];
    for (let i = 0; i < chunkCount; i++) chunks.push(take(eventsPerChunk, i === chunkCount - 1));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);

    // Append the first half, then the second half while a copy of the live balances is taken.
    let locked!: () => void;
    const snapshotLocked = new Promise<void>((resolve) => (locked = resolve));
    const appending = (async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i === chunkCount / 2) await snapshotLocked;
        await t.append(chunk);
      }
    })();
    const firstHalf = chunks.slice(0, chunkCount / 2).reduce((n, c) => n + c.length, 0);
    // Mid-run: wait until the live balances have passed a quarter of the run.
    for (;;) {
      const live = await liveVersion(t.db, 'balances');
      if ((live?.position ?? 0) >= firstHalf / 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const snapshot = await snapshotLiveBalances(t.pool, locked);
    await appending;
    await t.caughtUp();
    const events = await t.allEvents();
    expect(events).toHaveLength(total);
    const lastPosition = events[events.length - 1]?.globalPosition ?? 0;
    expect(snapshot.position).toBeGreaterThan(0);
    expect(snapshot.position).toBeLessThan(lastPosition);
    expect(snapshot.rows.length).toBeGreaterThan(0);

    // "replay --as-of <position>" of every account gives what the live table said then.
    const replayed: AccountBalance[] = [];
    for (const account of traffic.accounts) {
      const replay = await replayAccountAsOf({
        db: t.db,
        billingAccountId: account.billingAccountId,
        asOf: { position: snapshot.position },
      });
      expect(replay.computedAt.position).toBe(snapshot.position);
      replayed.push(...replay.balances);
    }
    const byKey = (b: AccountBalance) => `${b.billingAccountId}/${b.currency}`;
    replayed.sort((a, b) => (byKey(a) < byKey(b) ? -1 : byKey(a) > byKey(b) ? 1 : 0));
    expect(serialize(replayed)).toBe(serialize(snapshot.rows));
    // ...and so does a replay of the whole log up to that position (the domain fold, in memory).
    const prefix = events.filter((e) => e.globalPosition <= snapshot.position);
    expect(serialize(allAccountBalances(foldAll(ledgerProjection, prefix).balances))).toBe(
      serialize(snapshot.rows),
    );

    // The trial balance nets to zero per currency: live, as of the mid-run position, replayed now.
    const queries = new LedgerQueries(t.db);
    const live = await queries.trialBalance();
    const midRun = await trialBalanceAsOf({ db: t.db, asOf: { position: snapshot.position } });
    const now = await trialBalanceAsOf({ db: t.db });
    for (const currencies of [live.currencies, midRun.currencies, now.currencies]) {
      expect(currencies.length).toBeGreaterThanOrEqual(4);
      for (const tb of currencies) {
        expect(Number(tb.net)).toBe(0);
        expect(tb.debitTotal).toBe(tb.creditTotal);
      }
    }
    expect(serialize(now.currencies)).toBe(serialize(live.currencies));
    expect(serialize(live.currencies)).toBe(
      serialize(trialBalance(foldAll(ledgerProjection, events).journal)),
    );

    // Rebuild every projection from position 0: checksums equal the live ones, and it switches.
    const progress: number[] = [];
    const first = await rebuildLedgerProjections({
      pool: t.pool,
      pageSize: 2_000,
      onProgress: (p) => progress.push(p.events),
    });
    expect(first.events).toBe(total);
    expect(progress[progress.length - 1]).toBe(total);
    expectAllMatchedAndSwitched(first);
    // The same log always gives byte-identical tables.
    const second = await rebuildLedgerProjections({ pool: t.pool });
    expectAllMatchedAndSwitched(second);
    expect(rebuiltSums(second)).toEqual(rebuiltSums(first));

    // The live projectors follow the switch: new events land in the new versions.
    await t.append(take(600));
    await t.caughtUp();
    for (const p of second.projections) {
      const version = await liveVersion(t.db, p.projection);
      expect(version?.version).toBe(p.version);
      expect(version?.position).toBeGreaterThan(p.position);
    }

    // A rebuild while events keep arriving: the comparison pauses the live projectors, brings
    // both versions to one checkpoint, and still matches.
    const arriving = (async () => {
      for (let i = 0; i < 4; i++) await t.append(take(300, i === 3));
    })();
    const third = await rebuildLedgerProjections({ pool: t.pool, pageSize: 1_000 });
    await arriving;
    expectAllMatchedAndSwitched(third);
    await t.caughtUp();
    const state = foldAll(ledgerProjection, await t.allEvents());
    for (const account of traffic.accounts.slice(0, 10)) {
      const balances = await queries.balances(account.billingAccountId);
      expect(serialize(balances.balances)).toBe(
        serialize(
          allAccountBalances(state.balances).filter(
            (b) => b.billingAccountId === account.billingAccountId,
          ),
        ),
      );
    }
    expect(serialize((await queries.trialBalance()).currencies)).toBe(
      serialize(trialBalance(state.journal)),
    );
  });
});
