/**
 * Not a test: the warm as-of replay of one account with about 10,000 events
 * (`replayAccountAsOf`, as `GET /ledger/accounts/:id/replay?asOf=` answers it), on a small log
 * of its own (the full ledger benchmark builds 1M events, which takes minutes).
 *
 *   npm run bench:as-of              # builds the log (~40k events), times, drops the database
 *   npm run bench:as-of -- --keep    # keeps the database and prints its URL
 *   AS_OF_BENCH_DATABASE_URL=<url> npm run bench:as-of   # times again on a kept one
 *
 * Warm: one process, replays of the same account after warm-up runs, as a running ledger service
 * answers an auditor paging through one account. Results: bench/results/as-of.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Pool } from 'pg';
import { eventStoreMigrations, pgExecutor, type SqlExecutor } from '@billing/event-store';
import { deriveId } from '@billing/kernel';
import {
  ledgerMigrations,
  forgetAccountEvents,
  liveVersion,
  rebuildLedgerProjections,
  replayAccountAsOf,
} from '@billing/ledger-service/core';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase } from '@billing/testing';
import { buildLog } from './build-log';
import { machineContext } from '../shared/latency';

const keep = process.argv.includes('--keep');
const seed = 1818;
const warmups = 5;
const repeats = 15;

function progress(entry: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function prepare(db: SqlExecutor, url: string): Promise<void> {
  await migrate(url, [eventStoreMigrations, ledgerMigrations]);
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM event_store.events',
  );
  if (Number(rows[0]?.n) > 0) return;
  await buildLog(db, {
    eventCount: 40_000,
    accounts: 60,
    hotAccountShare: 0.25,
    seed,
    onProgress: (appended, eventsPerSecond) =>
      progress({ phase: 'build-log', appended, eventsPerSecond }),
  });
  await db.query('ANALYZE');
}

/** Wall times of `repeats` replays after `warmups`, ms, sorted. */
async function time(db: SqlExecutor, billingAccountId: string, position: number, cached: boolean) {
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  let events = 0;
  for (let i = 0; i < warmups + repeats; i++) {
    if (!cached) forgetAccountEvents(db);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const replay = await replayAccountAsOf({ db, billingAccountId, asOf: { position } });
    const used = process.cpuUsage(cpu);
    if (i >= warmups) {
      wallMs.push(performance.now() - started);
      cpuMs.push((used.user + used.system) / 1000);
    }
    events = replay.computedAt.eventsReplayed;
  }
  wallMs.sort((a, b) => a - b);
  cpuMs.sort((a, b) => a - b);
  return {
    events,
    // Node's CPU time per replay (all threads, GC included): what the replay costs, whatever
    // else the shared machine runs; wall time includes waiting for a core.
    cpu_p50_ms: round(quantile(cpuMs, 0.5)),
    p50_ms: round(quantile(wallMs, 0.5)),
    p90_ms: round(quantile(wallMs, 0.9)),
    min_ms: round(wallMs[0] as number),
    max_ms: round(wallMs[wallMs.length - 1] as number),
    runs_ms: wallMs.map(round),
  };
}

async function countEvents(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM event_store.events',
  );
  return Number(rows[0]?.n);
}

/** The global position of a checkpoint `"<xid>:<position>"`. */
const decodePosition = (checkpoint: string) =>
  Number(checkpoint.slice(checkpoint.indexOf(':') + 1));

async function main(): Promise<void> {
  const reused = process.env['AS_OF_BENCH_DATABASE_URL'];
  const database = reused
    ? { url: reused, drop: async () => undefined }
    : await createTestDatabase('ldg_asof');
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  const db = pgExecutor(pool);
  try {
    await prepare(db, database.url);
    // A reused database keeps its index (rebuilding it would put a rebuild into a profile).
    const live = reused ? await liveVersion(db, 'account_index') : null;
    const rebuild = live
      ? { position: decodePosition(live.checkpoint), events: await countEvents(db) }
      : await rebuildLedgerProjections({ pool, projection: 'account_index' });
    progress({ phase: 'indexed', position: rebuild.position });
    const hot = deriveId(`ledger-bench-${seed}`, 'account', 0);
    // Alternated blocks would be fairer; the uncached runs go first, the machine's load is noted.
    const uncached = await time(db, hot, rebuild.position, false);
    progress({ phase: 'timed-uncached', ...uncached });
    const figures = await time(db, hot, rebuild.position, true);
    progress({ phase: 'timed', ...figures });
    const result = {
      note: process.env['BENCH_NOTE'] ?? 'see the load field: the machine may be shared',
      target: 'warm as-of replay of a 10,000-event account < 50 ms',
      what: `replayAccountAsOf (balances, invoices and audit timeline) of one account at the log head, ${repeats} runs after ${warmups} warm-up runs in one process`,
      ...figures,
      uncached: {
        what: 'the same replays with the event cache emptied before each: every event read and parsed again (the path before this change, with the integer folds)',
        ...uncached,
      },
      log_events: rebuild.events,
      ...machineContext(),
    };
    const file = path.join(__dirname, '..', 'results', 'as-of.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (keep) process.stdout.write(`kept: AS_OF_BENCH_DATABASE_URL=${database.url}\n`);
  } finally {
    await pool.end();
    if (!keep) await database.drop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
