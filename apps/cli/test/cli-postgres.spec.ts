import { parse as parseCsv } from 'csv-parse/sync';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  type RecordedEvent,
  type SqlEventStore,
} from '@billing/event-store';
import {
  accountBalances,
  balancesProjection,
  billingAccountOf,
  replayAsOf,
} from '@billing/ledger-domain';
import { platformMigrations } from '@billing/platform';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import {
  auditScenario,
  awkwardMemo,
  bankReferenceFormula,
  formulaMemos,
} from './support/audit-scenario';
import { runCli } from './support/run-cli';
import {
  appendSimulatedEvents,
  sealEverything,
  type SeededLog,
  visibleWaitMs,
} from './support/seed-store';

/**
 * The CLI as an auditor runs it, against a real PostgreSQL event store holding the ledger's worked
 * example and a second account with hostile memos. Every case runs `npm run cli`'s command line
 * in a child process and reads its stdout, stderr and exit code.
 */
describe('cli on a PostgreSQL event store', () => {
  // Each case starts the CLI as a child process (about 2 s through SWC, more on a busy machine).
  jest.setTimeout(60_000);
  let database: TestDatabase;
  let store: SqlEventStore;
  let seeded: SeededLog;
  let scenario: ReturnType<typeof auditScenario>;
  let outDir: string;
  const cli = (...args: string[]) => runCli([...args, '--database-url', database.url]);

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    await migrate(database.url, [eventStoreMigrations, platformMigrations]);
    store = createPostgresEventStore({ connectionString: database.url });
    scenario = auditScenario();
    seeded = await appendSimulatedEvents(store, scenario.sim.events);
    await sealEverything(store, seeded.recorded.length);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-export-'));
  }, visibleWaitMs + 60_000);

  afterAll(async () => {
    await store?.close();
    await database?.drop();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  const storeEventOf = (simulatorPosition: number): RecordedEvent => {
    const simEvent = scenario.sim.events[simulatorPosition - 1];
    const recorded = simEvent && seeded.bySimulatorId.get(simEvent.eventId);
    if (!recorded) throw new Error(`no stored event for simulator position ${simulatorPosition}`);
    return recorded;
  };

  describe('verify', () => {
    it('exits 0 on an untouched store and says how far the global seal reaches', async () => {
      const result = await cli('verify');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Verified ${seeded.recorded.length} event(s)`);
      expect(result.stdout).toContain('OK: the log is intact.');
      const last = Math.max(...seeded.recorded.map((e) => e.globalPosition));
      expect(result.stdout).toContain(
        `${seeded.recorded.length} event(s) sealed, through global position ${last}; 0 newer event(s) not sealed yet`,
      );
      expect(result.stderr).toMatch(/verify stream chains .*100%/);
    });

    it('reports the verification as JSON', async () => {
      const result = await cli('verify', '--json', '--no-progress');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: true,
        eventCount: seeded.recorded.length,
        unsealedCount: 0,
      });
      expect(result.stderr).toBe('');
    });
  });

  describe('replay', () => {
    it('shows the balance as it stood at a position in the middle of the log', async () => {
      const mid = storeEventOf(scenario.positionBeforeReversal).globalPosition;
      const result = await cli(
        'replay',
        '--account',
        scenario.account,
        '--as-of',
        String(mid),
        '--json',
      );
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.computedAtPosition).toBe(mid);
      // Before the bounce: every invoice paid, 74.75 of the second payment unapplied.
      expect(report.balances).toEqual([
        expect.objectContaining({
          currency: 'USD',
          invoiced: '2450.50',
          paid: '2450.50',
          unappliedCredit: '74.75',
          openReceivable: '0.00',
          balanceDue: '-74.75',
        }),
      ]);
      // The same figures as the ledger's own fold of the events the store held at that position.
      const expected = replayAsOf(
        balancesProjection,
        seeded.recorded.filter((e) => billingAccountOf(e) === scenario.account),
        { position: mid },
      );
      expect(report.balances).toEqual(accountBalances(expected, scenario.account));
      expect(report.timeline.map((e: { globalPosition: number }) => e.globalPosition)).toEqual(
        seeded.recorded
          .filter((e) => billingAccountOf(e) === scenario.account && e.globalPosition <= mid)
          .map((e) => e.globalPosition),
      );
    });

    it('shows the account now, after the bounce, as text with its timeline', async () => {
      const result = await cli('replay', '--account', scenario.account);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /Billing account acct-acme as of now: computed at global position \d+/,
      );
      expect(result.stdout).toContain('PaymentReversed');
      expect(result.stdout).toContain('specialist-7 (billing_specialist)');
      expect(result.stdout).toMatch(/USD\s+2450\.50\s+0\.00\s+0\.00\s+225\.25/);
      expect(result.stdout).toMatch(/INV-2026-000001 .* 1200\.00\s+issued/);
    });

    it('replays as of a commit time', async () => {
      const mid = storeEventOf(scenario.positionBeforeReversal);
      const result = await cli(
        'replay',
        '--account',
        scenario.account,
        '--as-of',
        mid.recordedAt,
        '--json',
      );
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.asOf).toEqual({ recordedAt: mid.recordedAt });
      expect(report.computedAtPosition).toBeGreaterThanOrEqual(mid.globalPosition);
      expect(
        report.timeline.every((e: { recordedAt: string }) => e.recordedAt <= mid.recordedAt),
      ).toBe(true);
    });

    it('exits 1 for an account the log has never seen', async () => {
      const result = await cli('replay', '--account', 'acct-nobody');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no events for billing account acct-nobody');
      expect(result.stdout).toBe('');
    });
  });

  describe('statement', () => {
    it('prints the opening balance, each movement and the closing balance of the period', async () => {
      const result = await cli(
        'statement',
        '--account',
        scenario.account,
        '--from',
        '2026-03-01',
        '--to',
        '2026-03-31',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Opening balance (before 2026-03-01): 0.00');
      expect(result.stdout).toMatch(/2026-03-20\s+payment\s+BANK-REF-001 .* -2225\.25\s+225\.25/);
      expect(result.stdout).toContain('Closing balance (2026-03-31): -74.75');
      expect(result.stdout).not.toContain('payment_reversal');
    });

    it('carries the March closing balance into April, where the bounce is', async () => {
      const result = await cli(
        'statement',
        '--account',
        scenario.account,
        '--from',
        '2026-04-01',
        '--to',
        '2026-04-30',
        '--json',
      );
      expect(result.code).toBe(0);
      const [usd] = JSON.parse(result.stdout).currencies;
      expect(usd).toMatchObject({
        currency: 'USD',
        openingBalance: '-74.75',
        closingBalance: '2150.50',
      });
      expect(usd.lines.map((l: { kind: string }) => l.kind)).toEqual(['payment_reversal']);
    });
  });

  describe('trial-balance', () => {
    it('nets to zero in every currency', async () => {
      const result = await cli('trial-balance');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('net 0.00 EUR: debits equal credits');
      expect(result.stdout).toContain('net 0.00 USD: debits equal credits');
      expect(result.stdout).toMatch(
        /accounts_receivable\s+Accounts receivable\s+4675\.75\s+2450\.50\s+2225\.25/,
      );
    });

    it('nets to zero as of the middle of the log too, before the EUR account existed', async () => {
      const mid = storeEventOf(scenario.positionBeforeReversal).globalPosition;
      const result = await cli('trial-balance', '--as-of', String(mid), '--json');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.computedAtPosition).toBe(mid);
      expect(
        report.currencies.map((c: { currency: string; net: string }) => [c.currency, c.net]),
      ).toEqual([['USD', '0.00']]);
    });
  });

  describe('export audit-trail', () => {
    const exportArgs = ['export', 'audit-trail', '--from', '2026-01-01', '--to', '2099-12-31'];
    const touching = () => seeded.recorded.filter((e) => billingAccountOf(e) !== null);

    it('writes CSV whose formula memos are inert and whose awkward memo survives a CSV parser', async () => {
      const result = await cli(...exportArgs, '--format', 'csv');
      expect(result.code).toBe(0);
      expect(result.stdout.endsWith('\r\n')).toBe(true);
      const rows: Array<Record<string, string>> = parseCsv(result.stdout, { columns: true });
      expect(rows.map((r) => r['eventId'])).toEqual(touching().map((e) => e.eventId));

      const memoCells = rows
        .filter((r) => r['eventType'] === 'CreditNoteIssued')
        .map((r) => r['memo'] ?? '');
      for (const memo of formulaMemos) expect(memoCells).toContain(`'${memo} | goodwill`);
      // Inert: no memo or reference cell starts with anything a spreadsheet would evaluate.
      for (const row of rows)
        for (const column of ['memo', 'reference', 'actorId', 'streamId'])
          expect(row[column] ?? '').not.toMatch(/^[=+\-@\t\r]/);
      const payment = rows.find(
        (r) => r['eventType'] === 'PaymentReceived' && r['billingAccountId'] === scenario.other,
      );
      expect(payment?.['reference']).toBe(`'${bankReferenceFormula}`);

      // Commas, semicolons, quotes and both kinds of line break stay inside their cell.
      expect(memoCells).toContain(`${awkwardMemo} | goodwill`);
      const awkward = rows.find((r) => (r['memo'] ?? '').startsWith('Goodwill'));
      expect(JSON.parse(awkward?.['data'] ?? '{}').memo).toBe(awkwardMemo);
    });

    it('keeps amounts and positions as bare numbers', async () => {
      const result = await cli(...exportArgs, '--account', scenario.other, '--no-progress');
      expect(result.code).toBe(0);
      const rows: string[][] = parseCsv(result.stdout, { relax_column_count: false });
      const header = rows[0] ?? [];
      const raw = result.stdout.split('\r\n')[1] ?? '';
      expect(raw).toMatch(/^\d+,"/);
      expect(raw).toContain(',"EUR",595.00,"INV-2026-000004",');
      expect(
        rows.slice(1).every((r) => r[header.indexOf('billingAccountId')] === scenario.other),
      ).toBe(true);
    });

    it('writes JSON Lines, one parseable event per line, to a file', async () => {
      const out = path.join(outDir, 'trail.jsonl');
      const result = await cli(...exportArgs, '--format', 'jsonl', '--out', out);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`exported ${touching().length} event(s)`);
      const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
      const events = lines.map((line) => JSON.parse(line));
      expect(events.map((e) => e.eventId)).toEqual(touching().map((e) => e.eventId));
      const applied = events.find((e) => e.eventType === 'PaymentAllocationApplied');
      expect(applied).toMatchObject({
        actorId: 'bank-feed',
        actorRoles: ['system'],
        correlationId: 'corr-payment-1',
        causationId: expect.any(String),
        streamId: 'invoice-inv-1',
      });
      const memo = events.find((e) => e.data.memo === awkwardMemo);
      expect(memo.memo).toBe(`${awkwardMemo} | goodwill`);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
    });

    it('exports only what was recorded in the period', async () => {
      const result = await cli(
        ...exportArgs.slice(0, 2),
        '--from',
        '2000-01-01',
        '--to',
        '2000-12-31',
        '--format',
        'jsonl',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('exported 0 event(s)');
    });

    it('exports by business time on request', async () => {
      const result = await cli(
        ...exportArgs.slice(0, 2),
        '--from',
        '2026-04-02',
        '--to',
        '2026-04-02',
        '--by',
        'business',
        '--format',
        'jsonl',
      );
      expect(result.code).toBe(0);
      const types = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).eventType);
      expect(types).toEqual([
        'PaymentReversed',
        'PaymentAllocationReversed',
        'PaymentAllocationReversed',
        'PaymentAllocationReversed',
      ]);
    });
  });

  // Last: it alters the log.
  describe('access-log', () => {
    it("records the CLI's account reads and shows who ran which command, oldest first", async () => {
      const before = await cli('access-log', '--account', scenario.account, '--json');
      expect(before.code).toBe(0);
      const seen = (JSON.parse(before.stdout) as { entries: Array<{ accessId: string }> }).entries;
      const after = seen[seen.length - 1]?.accessId ?? '0';
      expect((await cli('replay', '--account', scenario.account)).code).toBe(0);
      expect(
        (
          await cli(
            'statement',
            '--account',
            scenario.account,
            '--from',
            '2026-01-01',
            '--to',
            '2026-12-31',
          )
        ).code,
      ).toBe(0);
      const result = await cli(
        'access-log',
        '--account',
        scenario.account,
        '--after',
        after,
        '--json',
      );
      expect(result.code).toBe(0);
      const entries = (JSON.parse(result.stdout) as { entries: Array<Record<string, unknown>> })
        .entries;
      // The last three reads are this test's own, in the order it made them.
      expect(entries.slice(-3).map((e) => e['operation'])).toEqual([
        'cli access-log',
        'cli replay',
        'cli statement',
      ]);
      for (const entry of entries.slice(-3))
        expect(entry).toMatchObject({
          billingAccountId: scenario.account,
          subject: `cli:${os.userInfo().username}`,
          service: 'cli',
          correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
      const text = await cli('access-log', '--account', scenario.account);
      expect(text.stdout).toContain(`Reads of billing account ${scenario.account}`);
      expect(text.stdout).toContain('cli statement');
    });

    it('refuses a bad --limit as a usage error', async () => {
      const result = await cli('access-log', '--account', scenario.account, '--limit', '0');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--limit');
    });
  });

  describe('verify after tampering', () => {
    it('exits 1 naming the event a superuser altered with triggers disabled', async () => {
      const target = storeEventOf(4); // pay-1's PaymentReceived
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query('SET session_replication_role = replica');
        await admin.query(
          `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{amount}', '"22252.50"')::json WHERE event_id = $1`,
          [target.eventId],
        );
      } finally {
        await admin.end();
      }
      const result = await cli('verify');
      expect(result.code).toBe(1);
      const naming = `event ${target.eventId}, stream ${target.streamId}, version ${target.streamVersion}, global position ${target.globalPosition}: altered`;
      expect(result.stdout).toContain(`TAMPERED: first bad ${naming}`);
      expect(result.stderr).toContain(`error: the log was altered: ${naming}`);
    });
  });
});
