// Benchmark (not a test): how long a committed event waits for the global seal, with the sealer
// as every service runs it (rounds every 500 ms, one session sealing) while writers append.
// `npm run bench:seal`. Writes bench/results/seal.{json,md}. The wait of each event is measured
// by the database's own clock: global_chain.sealed_at - events.recorded_at.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createPgliteEventStore,
  createPostgresEventStore,
  eventStoreMigrations,
  startGlobalChainSealer,
  type SqlEventStore,
} from '@billing/event-store';
import { newEvent } from '@billing/event-store/testing';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase } from '@billing/testing';

const writerCount = 4;
const runMs = 20_000;
const pauseBetweenAppendsMs = 40;

interface Figures {
  store: string;
  events: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

async function load(store: SqlEventStore): Promise<void> {
  const until = Date.now() + runMs;
  await Promise.all(
    Array.from({ length: writerCount }, async (_, writer) => {
      for (let n = 0; Date.now() < until; n++) {
        await store.appendToStream(`account-w${writer}x${n % 20}`, [newEvent('Posted', { n })], {
          expected: 'any',
        });
        await new Promise((resolve) => setTimeout(resolve, pauseBetweenAppendsMs));
      }
    }),
  );
}

async function measure(name: string, store: SqlEventStore): Promise<Figures> {
  const sealer = startGlobalChainSealer(store, {
    onError: (e) => process.stderr.write(`${e.message}\n`),
  });
  await load(store);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await sealer.stop();
  const { rows } = await store.backend.query<{ ms: string }>(
    `SELECT (extract(epoch FROM g.sealed_at - e.recorded_at) * 1000)::text AS ms
       FROM event_store.global_chain g JOIN event_store.events e USING (event_id)`,
  );
  const waits = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(waits[Math.min(waits.length - 1, Math.floor(q * waits.length))]!);
  return {
    store: name,
    events: waits.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: Math.round(waits[waits.length - 1]!),
  };
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  const database = await createTestDatabase('bench-seal');
  await migrate(database.url, [eventStoreMigrations]);
  const postgres = createPostgresEventStore({ connectionString: database.url });
  results.push(await measure('PostgreSQL', postgres));
  await postgres.close();
  await database.drop();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-seal-'));
  const pglite = await createPgliteEventStore({ dataDir: dir });
  results.push(await measure('PGlite', pglite));
  await pglite.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const out = path.resolve(__dirname, '../results');
  const meta = {
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    writerCount,
    runMs,
    pauseBetweenAppendsMs,
  };
  fs.writeFileSync(path.join(out, 'seal.json'), `${JSON.stringify({ meta, results }, null, 2)}\n`);
  const lines = [
    '# Global seal: wait from commit to seal',
    '',
    `${writerCount} writers appending one event each every ${pauseBetweenAppendsMs} ms for ${runMs / 1000} s; the sealer as services run it (rounds every 500 ms). Measured by the database clock (sealed_at - recorded_at). ${meta.cpus} CPUs, load average ${meta.loadAverage.map((l) => l.toFixed(1)).join(' ')} at ${meta.at}.`,
    '',
    '| store | events | p50 | p95 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.store} | ${r.events} | ${r.p50Ms} ms | ${r.p95Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms |`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(out, 'seal.md'), lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
