// Benchmark (not a test): @billing/event-store (PostgreSQL) against @event-driven-io/emmett-postgresql
// on the same server, same load, side by side in one run. `npm run bench:event-store`
// (`-- --quick` for a tenth of the load). Writes bench/results/event-store.{json,md}; progress goes
// to stderr as one JSON line per phase. Each store gets its own throw-away database, dropped at the end.
import * as os from 'node:os';
import { Client } from 'pg';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase, type TestDatabase } from '@billing/testing';
import { eventStoreMigrations } from '@billing/event-store';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { BenchStore } from './bench-store.port';
import { emmettBenchStore } from './emmett.adapter';
import { driverReadRate, plainInsertRate } from './ceilings';
import { appendedCount, runAppendLoad, type AppendLoad } from './load';
import { oursBenchStore } from './ours.adapter';
import { writeResults, type ResultRow } from './report';

const scale = process.argv.includes('--quick') ? 0.1 : 1;
const writerCount = 4;
const appendLoads: AppendLoad[] = [
  { batchSize: 1, eventCount: 3_000 * scale, writerCount, streamsPerWriter: 50 },
  { batchSize: 10, eventCount: 16_000 * scale, writerCount, streamsPerWriter: 50 },
  { batchSize: 100, eventCount: 60_000 * scale, writerCount, streamsPerWriter: 20 },
  { batchSize: 1_000, eventCount: 60_000 * scale, writerCount, streamsPerWriter: 5 },
];
const appendOrder = [0, 1, 1, 0];
/** Reads are repeated and the best run kept: the first pass also warms the caches. */
const readRepeats = 2;

function progress(entry: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

/** A read slower than this is not repeated: the run stays within a few minutes. */
const repeatSecondsMax = 15;

async function bestOf(repeats: number, work: () => Promise<number>): Promise<number> {
  let best = 0;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const count = await work();
    const seconds = (performance.now() - started) / 1000;
    best = Math.max(best, count / seconds);
    if (seconds > repeatSecondsMax) break;
  }
  return Math.round(best);
}

async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Waits until every transaction that committed before the call is below the snapshot's xmin. */
async function waitUntilSettled(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    const { rows } = await client.query<{ head: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS head',
    );
    for (;;) {
      const settled = await client.query<{ ok: boolean }>(
        'SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::text::xid8 AS ok',
        [rows[0]!.head],
      );
      if (settled.rows[0]!.ok) return Math.round(performance.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
    return rows[0]!.v;
  } finally {
    await client.end();
  }
}

function percentOf(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)}%`;
}

/** The 1-minute load average: how much other work shared the cores. */
function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(1);
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const databases: TestDatabase[] = [];
  const stores: BenchStore[] = [];
  try {
    const oursDb = await createTestDatabase('bench_ours');
    databases.push(oursDb);
    const emmettDb = await createTestDatabase('bench_emmett');
    databases.push(emmettDb);
    await migrate(oursDb.url, [eventStoreMigrations]);
    const emmettSchema = getPostgreSQLEventStore(emmettDb.url);
    await emmettSchema.schema.migrate();
    await emmettSchema.close();
    // For the ceilings (see ceilings.ts): the event store's schema with nothing else on it.
    const ceilingDb = await createTestDatabase('bench_ceiling');
    databases.push(ceilingDb);
    await migrate(ceilingDb.url, [eventStoreMigrations]);
    progress({ phase: 'setup', ours: oursDb.name, emmett: emmettDb.name });

    const ours = oursBenchStore(oursDb.url, writerCount + 2);
    stores.push(ours);
    const emmett = emmettBenchStore(emmettDb.url);
    stores.push(emmett);

    const rows: ResultRow[] = [];
    const shortfalls = new Set<string>();
    let total = 0;
    let plainInsert = 0;
    for (const load of appendLoads) {
      const name = `append batch=${load.batchSize}`;
      const events = appendedCount(load);
      const rates = [0, 0];
      // ours, emmett, emmett, ours: each store's best of two, neither always first on a shared box.
      for (const [round, i] of appendOrder.entries()) {
        const store = [ours, emmett][i]!;
        const seconds = await runAppendLoad(store, load, `b${load.batchSize}r${round}`);
        const rate = Math.round(events / seconds);
        rates[i] = Math.max(rates[i]!, rate);
        progress({ phase: name, store: store.name, events, seconds, eventsPerSecond: rate });
        // The ceiling for this row, measured between the stores' rounds (same minute, same load).
        if (load.batchSize === 100 && round % 2 === 1) {
          const rate = await plainInsertRate(ceilingDb.url, load.eventCount, `r${round}`);
          plainInsert = Math.max(plainInsert, rate);
          progress({ phase: `${name} ceiling`, plainInsertEventsPerSecond: rate });
        }
      }
      rows.push({ name, ours_events_per_s: rates[0]!, emmett_events_per_s: rates[1]! });
      total += events * 2;
    }

    // Current statistics for both, as autovacuum would have after a while, so neither read is
    // measured against a planner that still believes the tables are empty.
    for (const database of [oursDb, emmettDb]) await analyze(database.url);
    progress({ phase: 'analyze' });
    // Both stores read only below the oldest open transaction on the server; other sessions (other
    // work on a shared machine) can hold it back. Read once every append is visible to both.
    progress({ phase: 'settled', waitedSeconds: await waitUntilSettled(oursDb.url) });

    let driverRead = 0;
    for (const [name, work] of [
      ['read-all', (store: BenchStore) => store.readAll()],
      ['catch-up', (store: BenchStore) => store.catchUp(total)],
    ] as const) {
      const rates: number[] = [];
      for (const [i, store] of [ours, emmett].entries()) {
        rates[i] = await bestOf(readRepeats, async () => {
          const count = await work(store);
          // Ours must deliver every event; a shortfall elsewhere is reported, not hidden.
          if (count !== total) {
            if (store === ours)
              throw new Error(`${name} on ${store.name} saw ${count} of ${total}`);
            shortfalls.add(
              `${name}: ${store.name} delivered ${count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events (rate counts delivered events)`,
            );
          }
          return count;
        });
        progress({ phase: name, store: store.name, events: total, eventsPerSecond: rates[i] });
        // The ceiling for both read rows, measured right after ours' read-all.
        if (store === ours && name === 'read-all') {
          driverRead = await driverReadRate(oursDb.url);
          progress({ phase: 'read ceiling', driverReadEventsPerSecond: driverRead });
        }
      }
      rows.push({ name, ours_events_per_s: rates[0]!, emmett_events_per_s: rates[1]! });
    }

    const files = await writeResults(rows, {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; 1-minute load average ${loadAtStart} at the start, ${loadAverage()} at the end (other work on the same cores counts)`,
      postgres: await serverVersion(oursDb.url),
      node: process.version,
      parameters: [
        `${writerCount} concurrent writers per store, each to its own streams, exact expected versions`,
        ...appendLoads.map(
          (l) =>
            `append batch=${l.batchSize}: ${appendedCount(l).toLocaleString('en-US')} events over ${l.writerCount * l.streamsPerWriter} streams, twice per store (ours, emmett, emmett, ours), best kept`,
        ),
        `read-all and catch-up: the whole log (${total.toLocaleString('en-US')} events) from the start, best of ${readRepeats} (one run when it takes over ${repeatSecondsMax} s)`,
        'ours: readAll() pages; subscribe({ batchSizeMax: 1000 }) + caughtUp(), checkpoint saved per batch',
        'emmett: readMessagesBatch pages of 1,000; postgreSQLEventStoreMessageBatchPuller from BEGINNING, batch 1,000, pulling frequency 0 ms, no checkpoint writes (its consumer + reactor writes a checkpoint per message)',
        'stores run one after the other per row (ours first), same server, separate databases; ANALYZE on both before the reads, then a wait until every append is visible in the safe order (other sessions on the server can hold it back)',
        scale === 1 ? 'full load' : `quick load (x${scale})`,
      ],
      notes: [
        ...shortfalls,
        `ceilings in this run, no store logic (bench/event-store/ceilings.ts): the batch=100 rows written by one plain INSERT per batch into the same table, 4 writers, measured between the stores' batch=100 rounds (best of 2): ${plainInsert.toLocaleString('en-US')} events/s (ours ${percentOf(rows[2]!.ours_events_per_s, plainInsert)} of it); the whole log read by the driver alone right after ours' read-all (same columns as text, pages of 1,000, one ahead, nothing parsed, best of 2): ${driverRead.toLocaleString('en-US')} events/s (ours' read-all ${percentOf(rows[4]!.ours_events_per_s, driverRead)}, catch-up ${percentOf(rows[5]!.ours_events_per_s, driverRead)} of it)`,
      ],
    });
    progress({ phase: 'done', rows, notes: [...shortfalls], files });
  } finally {
    for (const store of stores) await store.close().catch(() => undefined);
    for (const database of databases) await database.drop();
  }
}

main().catch((error: unknown) => {
  progress({ phase: 'failed', error: (error as Error).stack ?? String(error) });
  process.exit(1);
});
