import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  createPgliteEventStore,
  createPostgresEventStore,
  eventStoreMigrations,
  pgExecutor,
  type SqlEventStore,
  type SqlExecutor,
} from '@billing/event-store';
import { newEvent } from '@billing/event-store/testing';
import { migrate } from '@billing/sql-migrations';
import { createTestDatabase } from '@billing/testing';
import { runCli, type CliResult } from './support/run-cli';
import {
  asSuperuser,
  resealEverything,
  rehashStream,
  sealEverything,
  seedTamperLog,
  tamperKinds,
  type SeededLog,
} from './support/tamper-kinds';

/**
 * The tamper suite: every kind of tampering a superuser can do to the log, each on a log of its
 * own, on PostgreSQL (a database per case) and on the embedded PGlite store (a data directory per
 * case). `npm run cli -- verify` must exit 1 naming the event, or 0 on the untouched log.
 */
// Each case starts the CLI as a child process, and PGlite opens slowly on a busy machine.
jest.setTimeout(300_000);

interface Backend {
  store: SqlEventStore;
  /** A connection of its own for transactions (BEGIN ... ROLLBACK). */
  txDb: SqlExecutor;
  /** A connection for the superuser's edits. */
  superuserDb: SqlExecutor;
  cliArgs: string[];
  /** Closes the test's connections (PGlite files take one process at a time). */
  release(): Promise<void>;
  /** Opens the store again after `release`. */
  reopen(): Promise<SqlEventStore>;
  drop(): Promise<void>;
}

async function postgresBackend(): Promise<[Backend, SeededLog]> {
  const database = await createTestDatabase('tamper');
  await migrate(database.url, [eventStoreMigrations]);
  const connect = async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    return client;
  };
  const [txClient, superClient] = [await connect(), await connect()];
  const backend: Backend = {
    store: createPostgresEventStore({ connectionString: database.url }),
    txDb: pgExecutor(txClient),
    superuserDb: pgExecutor(superClient),
    cliArgs: ['--database-url', database.url],
    release: async () => undefined,
    reopen: async () => backend.store,
    drop: async () => {
      await txClient.end();
      await superClient.end();
      await backend.store.close();
      await database.drop();
    },
  };
  return [backend, await seedTamperLog(backend.store, backend.txDb)];
}

/**
 * PGlite takes long to create a database (initdb in WASM: tens of seconds on a busy machine), so
 * the seeded, sealed store is made once and each case works on a copy of its files.
 */
let pgliteTemplate: Promise<{ dataDir: string; log: SeededLog }> | undefined;

function seededPgliteTemplate(): Promise<{ dataDir: string; log: SeededLog }> {
  pgliteTemplate ??= (async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-tamper-template-'));
    const store = await createPgliteEventStore({ dataDir: path.join(dataDir, 'pglite') });
    const log = await seedTamperLog(store, store.backend);
    await store.close();
    return { dataDir, log };
  })();
  return pgliteTemplate;
}

afterAll(async () => {
  const template = await pgliteTemplate;
  if (template) fs.rmSync(template.dataDir, { recursive: true, force: true });
});

async function pgliteBackend(): Promise<[Backend, SeededLog]> {
  const template = await seededPgliteTemplate();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-tamper-'));
  fs.cpSync(template.dataDir, dataDir, { recursive: true });
  const open = () => createPgliteEventStore({ dataDir: path.join(dataDir, 'pglite') });
  const store = await open();
  const backend: Backend = {
    store,
    txDb: store.backend,
    superuserDb: store.backend,
    cliArgs: ['--data-dir', dataDir],
    release: () => backend.store.close(),
    reopen: async () => {
      backend.store = await open();
      backend.txDb = backend.superuserDb = backend.store.backend;
      return backend.store;
    },
    drop: async () => {
      await backend.store.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return [backend, template.log];
}

const verifyCli = (backend: Backend, ...extra: string[]): Promise<CliResult> =>
  runCli(['verify', '--no-progress', ...backend.cliArgs, ...extra]);

const tamperedLine = (result: CliResult): string =>
  result.stdout.split('\n').find((line) => line.startsWith('TAMPERED:')) ?? '(no TAMPERED line)';

/** With TAMPER_REPORT_FILE set, each case's verdict line is appended there (for the report). */
function record(backendName: string, kind: string, result: CliResult): void {
  const file = process.env['TAMPER_REPORT_FILE'];
  if (file)
    fs.appendFileSync(
      file,
      `${backendName} | ${kind} | exit ${result.code} | ${tamperedLine(result)}\n`,
    );
}

async function keepHead(backend: Backend): Promise<string> {
  const result = await runCli(['head', '--json', '--no-progress', ...backend.cliArgs]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).keep as string;
}

describe.each([
  ['PostgreSQL', postgresBackend],
  ['PGlite', pgliteBackend],
])('the tamper suite on %s', (backendName, create) => {
  let backend: Backend;
  let log: SeededLog;

  beforeEach(async () => {
    [backend, log] = await create();
  });
  afterEach(async () => {
    await backend?.drop();
  });

  it('exits 0 on the untouched log, every event sealed', async () => {
    await backend.release();
    const result = await verifyCli(backend);
    record(backendName, 'untouched', result);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('12 event(s) sealed');
    expect(result.stdout).toContain('OK: the log is intact.');
  });

  it.each(tamperKinds.map((kind) => [kind.name, kind] as const))(
    'exits 1 naming the event: %s',
    async (name, kind) => {
      const target = await kind.tamper(await asSuperuser(backend.superuserDb), log);
      await backend.release();
      const result = await verifyCli(backend);
      record(backendName, name, result);
      expect(result.code).toBe(1);
      const line = tamperedLine(result);
      expect(line).toContain(`TAMPERED: first bad event ${target}`);
      expect(line).toMatch(kind.expected);
      expect(result.stderr).toContain('the log was altered');
    },
  );

  it('proves a kept head is extended by 1,000 more events, and catches a rewrite behind it', async () => {
    await backend.release();
    const kept = await keepHead(backend);
    const store = await backend.reopen();
    // Event n goes to stream account-x<n % 50>: 20 rounds of one event on each of the 50 streams,
    // a round appended in one statement (1,000 single appends took most of this case's time).
    for (let round = 0; round < 20; round++)
      await store.appendToStreams(
        Array.from({ length: 50 }, (_, stream) => ({
          streamId: `account-x${stream}`,
          events: [newEvent('PaymentReceived', { n: round * 50 + stream })],
          expected: 'any' as const,
        })),
      );
    await sealEverything(store, 1_000);
    await backend.release();
    const extended = await verifyCli(backend, '--expect-head', kept);
    record(backendName, 'kept head, then 1,000 more events', extended);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain(`Kept head ${kept}: the log extends it`);
    expect(extended.stdout).toContain('1012 event(s) sealed');

    // A superuser alters an event behind the head and recomputes every hash, stream and global.
    await backend.reopen();
    const su = await asSuperuser(backend.superuserDb);
    await su.query(
      `UPDATE event_store.events SET data = '{"amount":"1.00","currency":"USD","n":1}' WHERE event_id = $1`,
      [log.ids['account-b'][0]],
    );
    await rehashStream(su, 'account-b');
    await resealEverything(su);
    await backend.release();
    const unanchored = await verifyCli(backend);
    expect(unanchored.code).toBe(0); // every hash agrees: only the kept head can tell
    const anchored = await verifyCli(backend, '--expect-head', kept);
    record(backendName, 'rewrite behind a kept head', anchored);
    expect(anchored.code).toBe(1);
    expect(tamperedLine(anchored)).toMatch(
      /diverged \(global chain\) - the chain at that position no longer hashes to the kept head .* history was rewritten at or before global position/,
    );
  }, 600_000);

  it('catches a log cut back together with its seal only against a kept head', async () => {
    await backend.release();
    const kept = await keepHead(backend);
    await backend.reopen();
    const su = await asSuperuser(backend.superuserDb);
    const cut = `SELECT global_position FROM event_store.events ORDER BY global_position DESC LIMIT 3`;
    await su.query(`DELETE FROM event_store.global_chain WHERE global_position IN (${cut})`);
    await su.query(`DELETE FROM event_store.events WHERE global_position IN (${cut})`);
    await su.query(
      `UPDATE event_store.streams s SET version = 1, last_hash = e.stream_hash
         FROM event_store.events e WHERE e.stream_id = s.stream_id AND e.stream_version = 1
          AND s.stream_id = 'invoice-c'`,
    );
    await backend.release();
    expect((await verifyCli(backend)).code).toBe(0);
    const anchored = await verifyCli(backend, '--expect-head', kept);
    record(backendName, 'truncated log and its seal, kept head', anchored);
    expect(anchored.code).toBe(1);
    expect(tamperedLine(anchored)).toMatch(
      /missing \(global chain\) - the kept head .* is beyond the end of the chain \(sealed through \d+\): the log was cut back/,
    );
  });

  it('refuses a malformed kept head as a usage error', async () => {
    await backend.release();
    const result = await verifyCli(backend, '--expect-head', '12:not-a-hash');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Expected <position>:<hash>');
  });
});
