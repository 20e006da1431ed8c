import { Pool } from 'pg';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  pgExecutor,
  type SqlEventStore,
} from '@billing/event-store';
import {
  ledgerChecksums,
  ledgerMigrations,
  ledgerProjectionNames,
  liveVersion,
  startLiveLedgerProjections,
  type RebuildLedgerResult,
} from '@billing/ledger-service/core';
import { pgTransactionRunner } from '@billing/read-models';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { auditScenario } from './support/audit-scenario';
import { runCli } from './support/run-cli';
import { appendSimulatedEvents, visibleWaitMs } from './support/seed-store';

/**
 * `rebuild` against read models the ledger service's live projectors built: the rebuild from
 * position 0 must give the same checksums and switch over, and a live table someone changed must
 * be found and left in place.
 */
describe('cli rebuild on PostgreSQL', () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let store: SqlEventStore;
  let pool: Pool;
  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url]);

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    await migrate(database.url, [eventStoreMigrations, ledgerMigrations]);
    store = createPostgresEventStore({ connectionString: database.url });
    await appendSimulatedEvents(store, auditScenario().sim.events);
    pool = new Pool({ connectionString: database.url, max: 3 });
    // The ledger service's live projectors build version 1 of every read model, then stop.
    const live = await startLiveLedgerProjections({
      store,
      db: pgExecutor(pool),
      tx: pgTransactionRunner(pool),
    });
    await live.caughtUp();
    await live.stop();
  }, visibleWaitMs + 60_000);

  afterAll(async () => {
    await pool?.end();
    await store?.close();
    await database?.drop();
  });

  it('rebuilds every projection with checksums equal to the live ones, and switches', async () => {
    const before = await ledgerChecksums({ db: pgExecutor(pool) });
    const result = await cli('rebuild', 'all', '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/rebuild \[#+\] 100%/);
    const report: RebuildLedgerResult = JSON.parse(result.stdout);
    expect(report.projections.map((p) => p.projection)).toEqual([...ledgerProjectionNames]);
    for (const p of report.projections) {
      expect({
        projection: p.projection,
        live: p.liveVersion,
        matched: p.matched,
        switched: p.switched,
      }).toEqual({
        projection: p.projection,
        live: 1,
        matched: true,
        switched: true,
      });
      for (const table of p.checksums) expect(table.rebuilt).toEqual(table.live);
    }
    // The live tables' own checksums, taken before, are what the rebuild produced.
    const after = await ledgerChecksums({ db: pgExecutor(pool) });
    expect(after.map((c) => [c.projection, c.version])).toEqual(
      ledgerProjectionNames.map((name) => [name, 2]),
    );
    expect(after.map((c) => c.tables)).toEqual(before.map((c) => c.tables));
    expect(after.find((c) => c.projection === 'journal')?.tables[0]?.rows).toBeGreaterThan(0);
  });

  it('prints both checksums per table and the switch as text', async () => {
    const result = await cli('rebuild', 'journal');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/journal: rebuilt version 3, live was version 2/);
    expect(result.stdout).toMatch(/journal_lines\s+(\d+)\s+([0-9a-f]{32})\s+\1\s+\2\s+yes/);
    expect(result.stdout).toContain('matches the live version: switched, version 3 is live');
  });

  it('exits 1 and keeps the live version when a live table was changed behind its back', async () => {
    const live = await liveVersion(pgExecutor(pool), 'balances');
    await pool.query(
      `UPDATE ledger_rm.balances_v${live?.version} SET open_receivable = open_receivable + 1000`,
    );
    const result = await cli('rebuild', 'balances');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/balances\s+\d+\s+[0-9a-f]{32}\s+\d+\s+[0-9a-f]{32}\s+NO/);
    expect(result.stdout).toContain(
      `DIFFERS from the live version: version ${live?.version} stays live`,
    );
    expect(result.stderr).toContain(
      'error: the live balances read model(s) differ from a rebuild of the same log',
    );
    expect((await liveVersion(pgExecutor(pool), 'balances'))?.version).toBe(live?.version);
  });

  it('replaces the damaged live version when told to switch always', async () => {
    const result = await cli('rebuild', 'balances', '--switch', 'always', '--json');
    expect(result.code).toBe(0);
    const [balances] = (JSON.parse(result.stdout) as RebuildLedgerResult).projections;
    expect(balances).toMatchObject({ matched: false, switched: true });
    expect((await liveVersion(pgExecutor(pool), 'balances'))?.version).toBe(balances?.version);
    const again = await cli('rebuild', 'balances', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).projections[0]).toMatchObject({
      matched: true,
      switched: true,
    });
  });
});
