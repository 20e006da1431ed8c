// Benchmark (not a test): one page of the invoice list (`GET /invoicing/invoices`), filtered by
// status and due-date range, limit 50, out of 1,000,000 invoice read-model rows on PostgreSQL.
// `npm run bench:list` (`LIST_ROWS`, default 1,000,000; `LIST_QUERIES`, default 1,000 first
// pages, each followed by up to `LIST_PAGES_FOLLOWED` next pages, default 3). The rows are made by
// generate_series in the read-model table, not through the domain: this measures the read, not
// the projection. Timed twice: `http`, the pages as a client gets them from the invoicing service
// in its own process on 127.0.0.1:LIST_HTTP_PORT (default 17080; auth, validation, query, JSON), and
// `query`, the service's own query function (`listInvoices`) alone, with the time inside
// PostgreSQL (EXPLAIN ANALYZE) and a sample plan. Writes bench/results/list-invoices.json. Database: `lists_bench_list_invoices`
// on BENCH_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped at the end.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { pgExecutor } from '@billing/event-store';
import { invoicingMigrations, listInvoices } from '@billing/invoicing-service';
import { migrate } from '@billing/sql-migrations';
import { latencyHistogram, machineContext, recordMs, summarize } from '../shared/latency';
import { startInvoicingProcess } from './list-invoices-http';

const rowCount = Number(process.env['LIST_ROWS'] ?? 1_000_000);
const firstPageCount = Number(process.env['LIST_QUERIES'] ?? 1_000);
const pagesFollowedMax = Number(process.env['LIST_PAGES_FOLLOWED'] ?? 3);
const warmupCount = 100;
const limit = 50;
const adminUrl = process.env['BENCH_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = 'lists_bench_list_invoices';
/** Where the service listens for the HTTP half (127.0.0.1 only). */
const httpPort = Number(process.env['LIST_HTTP_PORT'] ?? 17080);
/** The worklist statuses a coordinator filters by; the others are in the table too. */
const queriedStatuses = ['issued', 'partially_paid', 'paid', 'written_off'] as const;

function progress(entry: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(): string {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/**
 * `rowCount` invoices over 2025-2026 on 20,000 accounts in three currencies: issue dates spread
 * evenly, due 14, 30 or 45 days later; statuses as a ledger's history leaves them (most paid,
 * a third open, a few drafts, voids, credits and write-offs). One INSERT ... SELECT.
 */
async function fill(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO invoicing_rm.invoices (invoice_id, billing_account_id, number, status, currency,
       subtotal, tax_total, total, amount_open, issue_date, due_date, lines, stream_version)
     SELECT md5('invoice-' || i)::uuid::text,
            md5('account-' || (i % 20000))::uuid::text,
            CASE WHEN s.status = 'draft' THEN NULL ELSE 'INV-' || lpad(i::text, 9, '0') END,
            s.status, (ARRAY['USD', 'EUR', 'GBP'])[1 + i % 3],
            t.total, '0.00', t.total,
            CASE WHEN s.status IN ('issued', 'partially_paid') THEN t.total
                 WHEN s.status = 'draft' THEN NULL ELSE '0.00' END,
            CASE WHEN s.status = 'draft' THEN NULL ELSE d.issue_date::text END,
            CASE WHEN s.status = 'draft' THEN NULL
                 ELSE (d.issue_date + (ARRAY[14, 30, 45])[1 + i % 3])::text END,
            '[]'::jsonb, 1
       FROM generate_series(1, $1::integer) AS i,
            LATERAL (SELECT (date '2025-01-01' + (i::bigint * 730 / $1::integer)::integer)::date AS issue_date) d,
            LATERAL (SELECT ((10000 + (i::bigint * 7919) % 990000) / 100.0)::numeric(12, 2)::text AS total) t,
            LATERAL (SELECT CASE
                       WHEN i % 100 < 45 THEN 'paid'
                       WHEN i % 100 < 75 THEN 'issued'
                       WHEN i % 100 < 87 THEN 'partially_paid'
                       WHEN i % 100 < 90 THEN 'draft'
                       WHEN i % 100 < 94 THEN 'voided'
                       WHEN i % 100 < 97 THEN 'credited'
                       ELSE 'written_off' END AS status) s`,
    [rowCount],
  );
  await pool.query('VACUUM ANALYZE invoicing_rm.invoices');
}

/** A random worklist query: one status, a due-date window of 7 to 60 days within the data. */
function randomQuery() {
  const status = queriedStatuses[Math.floor(Math.random() * queriedStatuses.length)] ?? 'issued';
  const from = new Date(Date.UTC(2025, 0, 15) + Math.floor(Math.random() * 700) * 86_400_000);
  const to = new Date(from.getTime() + (7 + Math.floor(Math.random() * 54)) * 86_400_000);
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return { status, dueDateFrom: day(from), dueDateTo: day(to), limit };
}

interface CapturedQuery {
  sql: string;
  params: unknown[];
}

type BenchQuery = ReturnType<typeof randomQuery>;
type PageFetcher = (
  query: BenchQuery,
  cursor?: string,
) => Promise<{ items: unknown[]; next: string | null }>;

/**
 * Times `warmupCount + firstPageCount` random first pages, each followed by up to
 * `pagesFollowedMax` next pages; the warm-up rounds are not recorded.
 */
async function timePages(label: string, fetchPage: PageFetcher) {
  const all = latencyHistogram();
  const first = latencyHistogram();
  const followed = latencyHistogram();
  let rowsReturned = 0;
  for (let round = 0; round < warmupCount + firstPageCount; round++) {
    const query = randomQuery();
    let cursor: string | undefined;
    for (let page = 0; page <= pagesFollowedMax; page++) {
      const started = performance.now();
      const answer = await fetchPage(query, cursor);
      const elapsedMs = performance.now() - started;
      if (round >= warmupCount) {
        recordMs(all, elapsedMs);
        recordMs(page === 0 ? first : followed, elapsedMs);
        rowsReturned += answer.items.length;
      }
      if (!answer.next) break;
      cursor = answer.next;
    }
    if (round % 250 === 0) progress({ label, round, sample: summarize(all) });
  }
  return {
    pages: summarize(all),
    firstPages: summarize(first),
    followedPages: summarize(followed),
    rowsReturned,
  };
}

/** The service's query function on a pool of its own: the read without HTTP. */
async function measureQuery(pool: Pool) {
  const executor = pgExecutor(pool);
  let last: CapturedQuery = { sql: '', params: [] };
  const db = {
    ...executor,
    query: <Row>(sql: string, params: unknown[] = []) => {
      last = { sql, params };
      return executor.query<Row>(sql, params);
    },
  };
  const timed = await timePages('query', (query, cursor) =>
    listInvoices(db, { ...query, ...(cursor ? { cursor } : {}) }),
  );
  const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${last.sql}`, last.params);
  return {
    ...timed,
    serverExecution: await serverExecution(db, pool, () => last),
    samplePlan: plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']),
  };
}

/** The same pages as a client gets them: `GET /invoicing/invoices` on the running service. */
async function measureHttp() {
  const service = await startInvoicingProcess(databaseUrl(), httpPort);
  try {
    const pages = await timePages('http', (query, cursor) => {
      const search = new URLSearchParams({ ...query, limit: String(query.limit) });
      if (cursor) search.set('cursor', cursor);
      return service.get(`/invoicing/invoices?${search.toString()}`);
    });
    return { ...pages, healthBaseline: await timeHealth(service.health) };
  } finally {
    await service.close();
  }
}

/** `GET /health` as often as the pages: the cost of any request here, for comparison. */
async function timeHealth(health: () => Promise<void>) {
  const histogram = latencyHistogram();
  for (let request = 0; request < warmupCount + firstPageCount; request++) {
    const started = performance.now();
    await health();
    if (request >= warmupCount) recordMs(histogram, performance.now() - started);
  }
  return summarize(histogram);
}

/** Samples of planning + execution time inside PostgreSQL (EXPLAIN ANALYZE), without the trip. */
const serverSampleCount = 200;

async function serverExecution(
  db: Parameters<typeof listInvoices>[0],
  pool: Pool,
  lastQuery: () => CapturedQuery,
) {
  const histogram = latencyHistogram();
  for (let sample = 0; sample < serverSampleCount; sample++) {
    await listInvoices(db, randomQuery());
    const { sql, params } = lastQuery();
    const { rows } = await pool.query<{ 'QUERY PLAN': Array<Record<string, number>> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      params,
    );
    const plan = rows[0]?.['QUERY PLAN'][0];
    recordMs(histogram, (plan?.['Planning Time'] ?? 0) + (plan?.['Execution Time'] ?? 0));
  }
  return summarize(histogram);
}

async function main(): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${databaseName}`);
  });
  const pool = new Pool({ connectionString: databaseUrl(), max: 2 });
  try {
    await migrate(databaseUrl(), [invoicingMigrations]);
    const fillStarted = performance.now();
    progress({ filling: rowCount });
    await fill(pool);
    const fillSeconds = Math.round((performance.now() - fillStarted) / 100) / 10;
    progress({ filled: rowCount, fillSeconds });
    const query = await measureQuery(pool);
    const http = await measureHttp();
    const version = (await pool.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v;
    const report = {
      benchmark: 'list-invoices',
      request: `GET /invoicing/invoices?status=<one of ${queriedStatuses.join('|')}>&dueDateFrom=<d>&dueDateTo=<d + 7..60 days>&limit=${limit}, then up to ${pagesFollowedMax} next pages`,
      rows: rowCount,
      firstPageQueries: firstPageCount,
      warmupQueries: warmupCount,
      fillSeconds,
      // What a client sees: the HTTP round trip through auth, validation and the query.
      p50Ms: http.pages.p50,
      p99Ms: http.pages.p99,
      targetP99Ms: 20,
      http,
      query,
      postgres: version,
      ...machineContext(),
    };
    const directory = path.join(__dirname, '..', 'results');
    await mkdir(directory, { recursive: true });
    await writeFile(
      path.join(directory, 'list-invoices.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    progress({
      http: http.pages,
      health: http.healthBaseline,
      query: query.pages,
      server: query.serverExecution,
    });
  } finally {
    await pool.end();
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
