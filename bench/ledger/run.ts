// Benchmark (not a test): rebuild throughput of every ledger projection from PostgreSQL on a log
// of at least 1,000,000 events, and the time of an as-of replay of one account with at least
// 10,000 events. `npm run bench:ledger` (`-- --quick` for a tenth of the log; `-- --keep` keeps
// the database and prints its URL, and LEDGER_BENCH_DATABASE_URL=<url> reuses such a log).
// Writes bench/results/ledger.{json,md}; progress goes to stderr as JSON lines.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { eventStoreMigrations, pgExecutor } from '@billing/event-store';
import { deriveId } from '@billing/kernel';
import { auditTimelineProjection, balancesProjection } from '@billing/ledger-domain';
import {
  LedgerQueries,
  ledgerMigrations,
  liveVersion,
  readAccountEvents,
  rebuildLedgerProjections,
} from '@billing/ledger-service/core';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase } from '@billing/testing';
import { buildLog } from './build-log';
import { readCeiling, writeCeiling } from './ceilings';
import { timeReplays, type ReplayTimes } from './replay-timing';
import { writeResults } from './report';

const execFileAsync = promisify(execFile);

const quick = process.argv.includes('--quick');
const keep = process.argv.includes('--keep');
const eventCount = quick ? 100_000 : 1_000_000;
const accounts = quick ? 500 : 5_000;
/**
 * Share of the traffic the first account gets: a little over 10,000 events naming it in
 * 1,000,000 (the target is stated for an account with 10,000 events; the run checks it has them).
 */
const hotAccountShare = quick ? 0.1 : 0.009;
const seed = 2026;
const replayRepeats = 7;

function progress(entry: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

async function main(): Promise<void> {
  const reused = process.env['LEDGER_BENCH_DATABASE_URL'];
  const database = reused
    ? { url: reused, drop: async () => undefined }
    : await createTestDatabase('ldg_bench');
  const pool = new Pool({ connectionString: database.url, max: 6 });
  pool.on('error', () => undefined);
  const db = pgExecutor(pool);
  try {
    await migrate(database.url, [eventStoreMigrations, ledgerMigrations]);
    const hotAccountId = deriveId(`ledger-bench-${seed}`, 'account', 0);
    let events = await count(db);
    if (events < eventCount) {
      progress({ phase: 'build-log', target: eventCount, accounts });
      const built = await buildLog(db, {
        eventCount,
        accounts,
        hotAccountShare,
        seed,
        onProgress: (appended, eventsPerSecond) =>
          progress({ phase: 'build-log', appended, eventsPerSecond }),
      });
      if (built.hotAccountId !== hotAccountId) throw new Error('hot account id drifted');
      events = await count(db);
    }
    await db.query('ANALYZE');
    progress({ phase: 'log-ready', events, load: loadAverage() });

    const loadBefore = loadAverage();
    const rebuild = await rebuildLedgerProjections({
      pool,
      onProgress: (p) => progress({ ...p, phase: `rebuild-${p.phase}` }),
    });
    const loadAfter = loadAverage();
    const mismatched = rebuild.projections.filter((p) => !p.matched).map((p) => p.projection);
    progress({
      phase: 'rebuilt',
      events: rebuild.events,
      eventsPerSecond: rebuild.eventsPerSecond,
      timings: rebuild.timings,
      mismatched,
    });

    const position = rebuild.position;
    const index = await liveVersion(db, 'account_index');
    if (index === null) throw new Error('no account index after the rebuild');
    // The replay is a query the ledger service answers, in a process that has not just folded a
    // million events, on a server that is not still writing a rebuild out. So the rebuild's
    // aftermath is cleared first: this process's garbage (gigabytes; node runs with
    // --expose-gc) and the server's dirty pages (a checkpoint). Then the replays are timed in a
    // process of their own (the headline figure), and again in this one.
    (globalThis as { gc?: () => void }).gc?.();
    await db.query('CHECKPOINT');
    const loadAtReplay = loadAverage();
    const own = await replaysInOwnProcess(database.url, hotAccountId, position);
    const inRebuildProcess = await timeReplays(db, hotAccountId, position, replayRepeats);
    // The headline: the first runs after one warm-up, as a freshly started service answers them.
    // The runs after those show a process whose compiled code and heap have settled.
    const times = own.wallMs.slice(0, replayRepeats);
    const warmTimes = own.wallMs.slice(replayRepeats);
    const cpuTimes = own.cpuMs.slice(0, replayRepeats);
    const replayed = own.events;
    if (!quick && replayed < 10_000)
      throw new Error(`The replayed account has ${replayed} events: the target is for 10,000`);
    // Where a replay's time goes, measured apart (a replay overlaps its read and its fold): the
    // account's events read into one array, then the same folds over that array.
    const readTimes: number[] = [];
    const foldTimes: number[] = [];
    for (let i = 0; i <= replayRepeats; i++) {
      const readStarted = performance.now();
      const accountEvents = await readAccountEvents(db, {
        billingAccountId: hotAccountId,
        asOf: { position },
        index: {
          table: `ledger_rm.account_events_v${index.version}`,
          checkpoint: index.checkpoint,
        },
      });
      const foldStarted = performance.now();
      // What replayAccountAsOf folds: the balances and the audit trail's timeline.
      balancesProjection.foldInto(balancesProjection.initial(), accountEvents);
      auditTimelineProjection.foldInto(auditTimelineProjection.initial(), accountEvents);
      if (i > 0) {
        readTimes.push(foldStarted - readStarted);
        foldTimes.push(performance.now() - foldStarted);
      }
    }
    const balanceTimes: number[] = [];
    let balanceEvents = 0;
    const queries = new LedgerQueries(db);
    for (let i = 0; i <= replayRepeats; i++) {
      const started = performance.now();
      const answer = await queries.balances(hotAccountId, { position });
      if (i > 0) balanceTimes.push(performance.now() - started);
      balanceEvents = answer.computedAt.source === 'replay' ? answer.computedAt.eventsReplayed : 0;
    }
    const replayMs = Math.round(median(times));
    progress({ phase: 'as-of-replay', events: replayed, medianMs: replayMs, runs: times.length });

    // What any rebuild of these read models could reach here at most, however fast its fold.
    const readOnly = await readCeiling(db, (n) => progress({ phase: 'ceiling-read', events: n }));
    const writeOnly = await writeCeiling(pool, db, events, (table) =>
      progress({ phase: 'ceiling-write', table }),
    );
    progress({ phase: 'ceilings', readOnly, writeOnly });

    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
    const { rows } = await db.query<{ server_version: string }>('SHOW server_version');
    const files = await writeResults(
      {
        events,
        rebuild_events_per_s: rebuild.eventsPerSecond,
        asof_replay_events: replayed,
        asof_replay_ms: replayMs,
      },
      {
        date: new Date().toISOString(),
        machine,
        load: `1/5/15-minute load average ${loadBefore} before the rebuild, ${loadAfter} after it, ${loadAtReplay} before the replays`,
        postgres: rows[0]?.server_version ?? 'unknown',
        node: process.version,
        parameters: [
          `${events.toLocaleString('en-US')} events over ${accounts.toLocaleString('en-US')} billing accounts (seed ${seed}); the first account gets ${(hotAccountShare * 100).toFixed(2)}% of the traffic`,
          'rebuild: every projection (journal, balances, statement, audit_trail, metrics, account_index) in one pass, pages of 20,000 events, rows written with COPY, up to 3 writes in flight',
          'node runs with --max-semi-space-size=64 (as the ledger service and the CLI do) and --expose-gc: before the replays are timed, the rebuild’s garbage is collected and a CHECKPOINT writes the rebuilt tables out',
          `rebuild events/s = events / (read + fold + write + keys and indexes); the comparison with the live version and the switch are timed apart`,
          reused
            ? 'the log was built by an earlier run and reused (LEDGER_BENCH_DATABASE_URL): this rebuild was compared with the version that run left live'
            : 'the log was built by this run: the rebuild had no live version to compare with and became live',
          `as-of replay: replayAccountAsOf at the last position, median of ${replayRepeats} runs after one warm-up, in a node process of its own (bench/ledger/replay-process.ts, the same flags), which then times ${replayRepeats} more`,
        ],
        rebuildCeilings: {
          read_only_events_per_s: readOnly.eventsPerSecond,
          write_only_events_per_s: writeOnly.eventsPerSecond,
        },
        details: [
          [
            'ceiling: the log read and parsed alone, nothing folded or written',
            `${(readOnly.ms / 1000).toFixed(1)} s = ${readOnly.eventsPerSecond.toLocaleString('en-US')} events/s`,
          ],
          [
            'ceiling: the rebuilt rows written alone (COPY, unlogged, no keys or indexes, 2 connections)',
            `${writeOnly.rows.toLocaleString('en-US')} rows, ${Math.round(writeOnly.bytes / 1e6)} MB in ${(writeOnly.ms / 1000).toFixed(1)} s = ${writeOnly.eventsPerSecond.toLocaleString('en-US')} events/s`,
          ],
          ['rebuild: load (read, fold, write, index)', `${(rebuild.loadMs / 1000).toFixed(1)} s`],
          ['rebuild: waiting for log pages', `${(rebuild.timings.readWaitMs / 1000).toFixed(1)} s`],
          ['rebuild: folding and row mapping', `${(rebuild.timings.foldMs / 1000).toFixed(1)} s`],
          [
            'rebuild: waiting for row writes',
            `${(rebuild.timings.writeWaitMs / 1000).toFixed(1)} s`,
          ],
          [
            'rebuild: keyed rows at the end',
            `${(rebuild.timings.keyedWriteMs / 1000).toFixed(1)} s`,
          ],
          ['rebuild: keys and indexes', `${(rebuild.timings.indexMs / 1000).toFixed(1)} s`],
          [
            'rebuild: compare with live and switch',
            `${(rebuild.timings.compareMs / 1000).toFixed(1)} s (${rebuild.projections.every((p) => p.matched) ? 'all checksums matched' : `mismatched: ${mismatched.join(', ')}`})`,
          ],
          [
            'as-of replay: Node CPU time per replay (all threads, garbage collection included)',
            `${Math.round(median(cpuTimes))} ms`,
          ],
          [
            `as-of replay in the same process, the ${replayRepeats} runs after those (median; fastest)`,
            `${Math.round(median(warmTimes))} ms; ${Math.round(Math.min(...warmTimes))} ms`,
          ],
          [
            'as-of replay in the benchmark’s own process, after its rebuild (median; CPU)',
            `${Math.round(median(inRebuildProcess.wallMs))} ms; ${Math.round(median(inRebuildProcess.cpuMs))} ms`,
          ],
          [
            'as-of replay, measured apart: read the account’s events into one array',
            `${Math.round(median(readTimes))} ms`,
          ],
          [
            'as-of replay, measured apart: fold that array (balances and the audit timeline)',
            `${Math.round(median(foldTimes))} ms`,
          ],
          [
            'as-of balances only (GET /ledger/accounts/:id/balances?asOf=…): events that move balances',
            `${balanceEvents.toLocaleString('en-US')} in ${Math.round(median(balanceTimes))} ms`,
          ],
        ],
        notes: [
          `Rebuild: ${rebuild.eventsPerSecond.toLocaleString('en-US')} events/s against a target of 250,000, which ${rebuild.eventsPerSecond >= 250_000 ? 'is met' : 'is not met'}. ${writeOnly.eventsPerSecond < 250_000 ? `No rebuild of these read models can meet it on this machine: writing the rows a rebuild produces (${writeOnly.rows.toLocaleString('en-US')} rows, ${Math.round(writeOnly.bytes / 1e6)} MB), and nothing else, into unlogged tables without keys or indexes on two connections at once takes ${(writeOnly.ms / 1000).toFixed(1)} s, i.e. ${writeOnly.eventsPerSecond.toLocaleString('en-US')} events/s, and a rebuild also reads and parses the log (its read path alone: ${(readOnly.ms / 1000).toFixed(1)} s), folds six projections and builds keys and indexes, on the same two cores.` : `Writing the rebuilt rows alone runs at ${writeOnly.eventsPerSecond.toLocaleString('en-US')} events/s and reading the log alone at ${readOnly.eventsPerSecond.toLocaleString('en-US')}.`}`,
          `As-of replay of one account: ${replayed.toLocaleString('en-US')} events in ${replayMs} ms (median of the first ${replayRepeats} runs after one warm-up, in a process of its own) against a target of under 100 ms, which ${replayMs < 100 ? 'is met' : 'is not met'}; the next ${replayRepeats} runs in that process took ${Math.round(median(warmTimes))} ms (fastest ${Math.round(Math.min(...warmTimes))} ms). Measured by hand during this work: replays that meet no young-generation garbage collection take 75 to 90 ms here, those that meet one 130 to 250 ms. The collection copies what the replay has built so far (its state is about 8 MB for 13,000 events: the timeline's entries, the balances and their decimal figures), and a replay allocates about 4 KB per event (the driver's strings, the parsed JSON, decimal.js results), so most replays meet one. The first runs of a process are slower still while V8 compiles and grows its heap.`,
          'Rebuild, what it does: it reads the log in pages of 20,000 events (the next page is read while this one is folded), folds each page with the domain projections, and writes the appended rows of each page with COPY in the text format (one transaction per table and page, whose commit does not wait for the disk: a version being built is abandoned on a crash anyway); the keyed rows follow at the end, then keys and indexes with 256 MB of sort memory and a VACUUM of the account index so that replays read it with index-only scans. The fold uses decimal.js through Money with little work per operation: no allocation in the range check, amounts printed without toFixed’s rounding copy, one zero per currency, running totals keep the Money they were printed from so the next event does not parse them again, and a projection parses the strings of an event’s amounts once (a small memo of recent strings).',
          `Rebuild, where the time goes: Node and PostgreSQL each keep about one of the two cores busy (folding and row mapping ${(rebuild.timings.foldMs / 1000).toFixed(1)} s of Node time; waiting for COPY ${(rebuild.timings.writeWaitMs / 1000).toFixed(1)} s). 250,000 events/s would leave 4 µs per event for reading, parsing, folding six projections, encoding and writing their rows on two cores; parsing one event's data and metadata alone takes 2 to 3 µs here. Folding in worker threads was not done: Node and the server already use both cores, and every thread would take CPU from the server's COPY.`,
          'As-of replay, what it does: it reads the account’s events through the account index (an index-only scan, then one primary-key lookup per event, a statement prepared once per connection), in position order without a server sort, and folds them in batches of 100 as they arrive (the balances and the audit trail’s timeline), so reading and folding overlap and the events are not kept. The server’s part, reading and sending the rows, takes about 50 ms for 10,000 events here and runs while Node folds. When transactions committed out of order, the fold notices the break in the safe order and starts again on the events sorted by the server.',
          'Tried and not kept: reading an account’s events as one json_agg document (the server builds the whole document before it sends anything, and the client parse is the same work); young generations of 16 to 256 MB, with or without a fixed minimum (64 MB, the setting kept, gave the best medians; larger ones collect less often but pause longer); single-threaded garbage collection; folding without the figures’ Money memo (more parsing, no less garbage). Not done: snapshots of folded states (a replay must fold the log), BigInt minor units instead of decimal.js (a change to the money rules).',
          'The machine is a shared two-core VM: wall-clock figures move by a third between runs minutes apart; see the load averages above.',
        ],
      },
    );
    progress({ phase: 'written', files });
  } finally {
    await pool.end();
    if (keep || reused) progress({ phase: 'kept', databaseUrl: database.url });
    else await database.drop();
  }
}

/** `timeReplays` in a child node process with this one's flags (see replay-process.ts). */
async function replaysInOwnProcess(
  databaseUrl: string,
  billingAccountId: string,
  position: number,
): Promise<ReplayTimes> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      ...process.execArgv,
      path.join(__dirname, 'replay-process.ts'),
      databaseUrl,
      billingAccountId,
      String(position),
      String(2 * replayRepeats),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as ReplayTimes;
}

async function count(db: ReturnType<typeof pgExecutor>): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM event_store.events',
  );
  return Number(rows[0]?.n ?? 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

main().catch((error: Error) => {
  progress({ phase: 'failed', error: error.stack ?? error.message });
  process.exit(1);
});
