// What this machine allows any rebuild of these read models, however fast its fold: the time to
// read the log alone, and the time for PostgreSQL to take the rows a rebuild writes alone. A
// rebuild does both (and folds), on the same two cores.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { SqlExecutor } from '@billing/event-store';
import {
  ledgerProjectionSpecs,
  liveVersion,
  qualifiedName,
  readLog,
} from '@billing/ledger-service/core';

export interface ReadCeiling {
  events: number;
  ms: number;
  eventsPerSecond: number;
}

/**
 * The whole log read as the rebuild reads it (pages of 20,000, the next read while this one is
 * handled, every event's data and metadata parsed) and nothing else done with it.
 */
export async function readCeiling(
  db: SqlExecutor,
  onProgress: (events: number) => void,
): Promise<ReadCeiling> {
  const started = performance.now();
  let events = 0;
  for await (const page of readLog(db, { after: '', pageSize: 20_000 })) {
    events += page.events.length;
    if (events % 200_000 < page.events.length) onProgress(events);
  }
  const ms = performance.now() - started;
  return { events, ms, eventsPerSecond: Math.round(events / (ms / 1000)) };
}

export interface WriteCeiling {
  tables: number;
  rows: number;
  bytes: number;
  ms: number;
  /** The log's events divided by the write time: a rebuild cannot be faster than this. */
  eventsPerSecond: number;
}

const ceilingSchema = 'ledger_bench_ceiling';

/**
 * The rows of every live read-model table, taken out with COPY into memory first, then written
 * back with COPY (text format, as the rebuild writes them) into empty UNLOGGED copies of the
 * tables without keys or indexes, on two connections at once: less work than a rebuild's write
 * (no WAL, no index, nothing else running). Only the writing is timed.
 */
export async function writeCeiling(
  pool: Pool,
  db: SqlExecutor,
  events: number,
  onProgress: (table: string) => void,
): Promise<WriteCeiling> {
  const tables: Array<{ name: string; source: string; chunks: Buffer[]; bytes: number }> = [];
  for (const spec of ledgerProjectionSpecs) {
    const live = await liveVersion(db, spec.name);
    if (live === null) throw new Error(`${spec.name} has no live version`);
    for (const table of spec.tables)
      tables.push({
        name: table.name,
        source: qualifiedName(table.name, live.version),
        chunks: [],
        bytes: 0,
      });
  }
  await db.query(`DROP SCHEMA IF EXISTS ${ceilingSchema} CASCADE`);
  await db.query(`CREATE SCHEMA ${ceilingSchema}`);
  try {
    for (const table of tables) {
      await db.query(`CREATE UNLOGGED TABLE ${ceilingSchema}.${table.name} (LIKE ${table.source})`);
      await withClient(pool, (client) =>
        pipeline(
          client.query(copyTo(`COPY ${table.source} TO STDOUT`)),
          new Writable({
            write(chunk: Buffer, _encoding, done) {
              table.chunks.push(chunk);
              table.bytes += chunk.length;
              done();
            },
          }),
        ),
      );
    }
    const { rows } = await db.query<{ n: string }>(
      tables.map((t) => `SELECT count(*) AS n FROM ${t.source}`).join(' UNION ALL '),
    );
    const rowCount = rows.reduce((sum, row) => sum + Number(row.n), 0);
    // Two lanes of about equal size, largest tables first.
    const lanes: Array<typeof tables> = [[], []];
    const laneBytes = [0, 0];
    for (const table of [...tables].sort((a, b) => b.bytes - a.bytes)) {
      const lane = (laneBytes[0] as number) <= (laneBytes[1] as number) ? 0 : 1;
      (lanes[lane] as typeof tables).push(table);
      laneBytes[lane] = (laneBytes[lane] as number) + table.bytes;
    }
    const started = performance.now();
    await Promise.all(
      lanes.map(async (lane) => {
        for (const table of lane) {
          await withClient(pool, (client) =>
            pipeline(
              Readable.from(table.chunks),
              client.query(copyFrom(`COPY ${ceilingSchema}.${table.name} FROM STDIN`)),
            ),
          );
          onProgress(table.name);
        }
      }),
    );
    const ms = performance.now() - started;
    return {
      tables: tables.length,
      rows: rowCount,
      bytes: tables.reduce((sum, t) => sum + t.bytes, 0),
      ms,
      eventsPerSecond: Math.round(events / (ms / 1000)),
    };
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${ceilingSchema} CASCADE`);
  }
}

async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await work(client);
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
