import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPgliteEventStore, type RecordedEvent } from '@billing/event-store';
import { issueScenario } from '@billing/ledger-domain/testing';
import { runCli } from './support/run-cli';
import { appendSimulatedEvents, sealEverything, visibleWaitMs } from './support/seed-store';

/**
 * The embedded store `npm start` keeps in DATA_DIR/pglite: the CLI reads it with --data-dir or
 * DATA_DIR, the same commands and figures as on PostgreSQL.
 */
describe('cli on the embedded PGlite store', () => {
  jest.setTimeout(120_000);
  let dataDir: string;
  let recorded: RecordedEvent[];
  const scenario = issueScenario();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-embedded-'));
    const store = await createPgliteEventStore({ dataDir: path.join(dataDir, 'pglite') });
    try {
      recorded = (await appendSimulatedEvents(store, scenario.sim.events)).recorded;
      await sealEverything(store, recorded.length);
    } finally {
      await store.close();
    }
  }, visibleWaitMs + 60_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('verifies the untouched store', async () => {
    const result = await runCli(['verify', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Verified ${recorded.length} event(s) in embedded store in ${path.join(dataDir, 'pglite')}`,
    );
    expect(result.stdout).toContain('OK: the log is intact.');
  });

  it('finds the store through DATA_DIR and prints a trial balance that nets to zero', async () => {
    const result = await runCli(['trial-balance'], { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('net 0.00 USD: debits equal credits');
  });

  it('replays the account as of the moment before the bounce', async () => {
    const mid = recorded[scenario.positionBeforeReversal - 1] as RecordedEvent;
    const result = await runCli([
      'replay',
      '--account',
      scenario.account,
      '--as-of',
      String(mid.globalPosition),
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).balances[0]).toMatchObject({
      openReceivable: '0.00',
      unappliedCredit: '74.75',
    });
  });

  it('rebuilds the ledger read models in the embedded store, then rebuilds them again to the same checksums', async () => {
    const first = await runCli(['rebuild', 'all', '--data-dir', dataDir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      '0 projection(s) match their live read models; 6 had no live version before.',
    );
    const second = await runCli(['rebuild', 'all', '--json', '--data-dir', dataDir]);
    expect(second.code).toBe(0);
    const projections = JSON.parse(second.stdout).projections as Array<{
      liveVersion: number;
      matched: boolean;
      switched: boolean;
      checksums: Array<{ live: unknown; rebuilt: unknown }>;
    }>;
    expect(projections).toHaveLength(6);
    for (const p of projections) {
      expect(p).toMatchObject({ liveVersion: 1, matched: true, switched: true });
      for (const table of p.checksums) expect(table.rebuilt).toEqual(table.live);
    }
  });

  it('refuses, exit 3, to open the store while another process has it open', async () => {
    const store = await createPgliteEventStore({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const result = await runCli(['verify', '--data-dir', dataDir]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('is open in another process');
    } finally {
      await store.close();
    }
  });

  it('exits 1 naming the event after it was altered', async () => {
    const target = recorded[0] as RecordedEvent;
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(path.join(dataDir, 'pglite'));
    try {
      await db.query('SET session_replication_role = replica');
      await db.query(
        `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{total}', '"1.00"')::json WHERE event_id = $1`,
        [target.eventId],
      );
    } finally {
      await db.close();
    }
    const result = await runCli(['verify', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `event ${target.eventId}, stream ${target.streamId}, version 1, global position ${target.globalPosition}: altered`,
    );
  });
});
