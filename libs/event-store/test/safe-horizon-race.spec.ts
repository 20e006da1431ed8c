import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import type { TestDatabase } from '@billing/testing';
import { newEvent } from '../testing/event-store.contract';
import { pgExecutor } from '../src/postgres/postgres.backend';
import { START } from '../src/port/event-store.port';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase, sleep } from './helpers';

const writerCount = 6;
const readerCount = 2;
const transactionCountPerWriter = 150;

/**
 * The safe horizon's promise, checked read by read: every event below the horizon a statement
 * computed is visible to that statement. A read that counts n events below its horizon h while
 * the log later holds more than n below h handed a reader a bound past a transaction that was
 * still invisible to it; a catch-up subscriber would have skipped that transaction for good.
 * Appenders commit while readers compute horizons, so commits land between a horizon's snapshot
 * and during its pg_locks read (sql/0032: an appender that committed between two pg_locks reads,
 * or whose rows pg_locks showed under two virtual transaction ids while it committed, was taken
 * for a stranger). Fails with 0026 most runs; see ADR 0012's correction.
 */
describe('the safe horizon never passes an invisible append (real PostgreSQL)', () => {
  jest.setTimeout(90_000);
  let database: TestDatabase;
  let store: SqlEventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    store = createPostgresEventStore({ connectionString: database.url });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('counts, in every read, every event below the horizon that read computed', async () => {
    const connect = async (): Promise<Client> => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      return client;
    };
    let writing = true;
    const writer = async (index: number): Promise<void> => {
      const client = await connect();
      try {
        for (let n = 0; n < transactionCountPerWriter; n++) {
          await client.query('BEGIN');
          await store.appendWith(
            pgExecutor(client),
            `race-${index}x${n}`,
            [newEvent('Raced'), newEvent('Raced')],
            { expected: 'no_stream' },
          );
          if (randomInt(100) < 20) await sleep(randomInt(4));
          await client.query('COMMIT');
        }
      } finally {
        await client.end();
      }
    };
    const reads: Array<{ horizon: string; below: number }> = [];
    const reader = async (): Promise<void> => {
      const client = await connect();
      try {
        while (writing) {
          const { rows } = await client.query<{ horizon: string; below: number }>(
            `WITH x AS MATERIALIZED (SELECT event_store.safe_horizon() AS h)
             SELECT x.h::text AS horizon,
                    (SELECT count(*)::int FROM event_store.events e WHERE e.transaction_id < x.h) AS below
               FROM x`,
          );
          reads.push(rows[0]!);
        }
      } finally {
        await client.end();
      }
    };

    // The store's own page read: the horizon it reports must be the bound its rows were read under
    // (caughtUp() trusts it), so a whole-log page holds every event below that horizon.
    const pageReads: Array<{ horizon: string; below: number }> = [];
    const pageReader = async (): Promise<void> => {
      while (writing) {
        const page = await store.fetchPage(START, undefined, 100_000);
        pageReads.push({ horizon: String(page.horizon), below: page.size });
      }
    };

    const readers = Array.from({ length: readerCount }, () => reader()).concat(pageReader());
    await Promise.all(Array.from({ length: writerCount }, (_, i) => writer(i)));
    writing = false;
    await Promise.all(readers);

    const allReads = reads.concat(pageReads);
    const check = await connect();
    try {
      const { rows: passedOver } = await check.query<{
        horizon: string;
        below: number;
        now: number;
      }>(
        `SELECT r.horizon, r.below,
                (SELECT count(*)::int FROM event_store.events e WHERE e.transaction_id < r.horizon::xid8) AS now
           FROM unnest($1::text[], $2::int[]) AS r(horizon, below)`,
        [allReads.map((r) => r.horizon), allReads.map((r) => r.below)],
      );
      expect(reads.length).toBeGreaterThan(100);
      expect(pageReads.length).toBeGreaterThan(10);
      expect(passedOver.filter((r) => r.now !== r.below).slice(0, 5)).toEqual([]);
    } finally {
      await check.end();
    }
  });
});
