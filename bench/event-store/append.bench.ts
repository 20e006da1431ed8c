// Benchmark (not a test): append throughput of @billing/event-store on PostgreSQL against
// @event-driven-io/emmett-postgresql, same server, same load. Run:
//   node -r @swc-node/register bench/event-store/append.bench.ts [eventCount] [writerCount]
// Prints one JSON line per store. Each store gets a throw-away database, dropped afterwards.
import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase } from '@billing/testing';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  type NewEvent,
} from '@billing/event-store';

const eventCount = Number(process.argv[2] ?? 5_000);
const writerCount = Number(process.argv[3] ?? 8);
const streamCount = 500;

type AppendOne = (streamId: string, version: number, data: Record<string, string>) => Promise<void>;

async function run(name: string, append: AppendOne): Promise<void> {
  const versions = new Map<string, number>();
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writerCount }, async (_, writer) => {
      while (next < eventCount) {
        const n = next++;
        // Each writer owns its streams, so expectations never conflict and we measure appends only.
        const streamId = `bench-${writer}x${n % (streamCount / writerCount)}`;
        const version = versions.get(streamId) ?? 0;
        const t0 = performance.now();
        await append(streamId, version, { amount: `${n}.00`, currency: 'EUR' });
        latencies.push(performance.now() - t0);
        versions.set(streamId, version + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    Number(latencies[Math.floor((latencies.length - 1) * p)]!.toFixed(2));
  console.log(
    JSON.stringify({
      store: name,
      eventCount,
      writerCount,
      eventsPerSecond: Math.round(eventCount / seconds),
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
    }),
  );
}

function event(data: Record<string, string>): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'Posted',
    schemaVersion: 1,
    data,
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'bench', roles: [] },
      service: 'bench',
    },
    occurredAt: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const ours = await createTestDatabase('es_bench');
  const theirs = await createTestDatabase('es_bench_emmett');
  try {
    await migrate(ours.url, [eventStoreMigrations]);
    const store = createPostgresEventStore({
      connectionString: ours.url,
      poolConfig: { max: writerCount },
    });
    await run('@billing/event-store (postgres)', async (streamId, version, data) => {
      await store.appendToStream(streamId, [event(data)], {
        expected: version === 0 ? 'no_stream' : version,
      });
    });
    await store.close();

    const emmett = getPostgreSQLEventStore(theirs.url);
    await emmett.schema.migrate();
    await run('@event-driven-io/emmett-postgresql', async (streamId, version, data) => {
      await emmett.appendToStream(streamId, [{ type: 'Posted', data }], {
        expectedStreamVersion: BigInt(version),
      });
    });
    await emmett.close();
  } finally {
    await ours.drop();
    await theirs.drop();
  }
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ message: 'benchmark failed', error: (error as Error).message }));
  process.exit(1);
});
