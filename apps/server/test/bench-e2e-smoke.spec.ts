import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  compiledNodeArgs,
  compiledPreload,
  createTestDatabase,
  getTestKafka,
  type TestDatabase,
} from '@billing/testing';

const root = path.resolve(__dirname, '../../..');

interface StepJson {
  offeredRate: number;
  achievedRate: number;
  sent: number;
  statuses: Record<string, number>;
  tracedCount: number;
  endToEndMs: { count: number; p99: number };
  hops: { neverVisible: number; httpAccepted: { count: number } };
  cpuPercent: Record<string, number>;
}

/**
 * `npm run bench:e2e` for 20 s at 50 commands/s on the real stack (every service its own process
 * on this suite's database and the test broker): it runs, writes its results, and no command gets
 * a 5xx or no answer. It asserts no speed (figures belong in bench/results, not in tests).
 */
describe('bench:e2e smoke (real stack: PostgreSQL, Kafka, five service processes)', () => {
  jest.setTimeout(600_000);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('bench_e2e_smoke');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('drives the mix open-loop for one step and reports it per hop', async () => {
    const resultsDirectory = await mkdtemp(path.join(os.tmpdir(), 'bench-e2e-'));
    const stderr: string[] = [];
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        // The bench and the stack it starts (scripts/start-stack.js) run from the prepared build.
        compiledNodeArgs(path.join(root, 'bench/e2e/run.ts')),
        {
          cwd: root,
          env: {
            ...process.env,
            BILLING_TS_PRELOAD: compiledPreload(),
            DATABASE_URL: database.url,
            KAFKA_BROKERS: getTestKafka().brokers.join(','),
            PORT_BASE: process.env['E2E_SMOKE_PORT_BASE'] ?? '4850',
            E2E_RATES: '50',
            E2E_STEP_S: '20',
            E2E_WARMUP_S: '0',
            E2E_ACCOUNTS: '50',
            E2E_SETUP_INVOICES: '50',
            E2E_CONTEXT: 'off',
            E2E_P99_STOP_MS: '600000',
            E2E_RESULTS_DIR: resultsDirectory,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      child.on('error', reject);
      child.on('exit', resolve);
    });
    expect({ exitCode, tail: exitCode === 0 ? '' : stderr.join('').slice(-3000) }).toEqual({
      exitCode: 0,
      tail: '',
    });

    const results = JSON.parse(await readFile(path.join(resultsDirectory, 'e2e.json'), 'utf8')) as {
      steps: StepJson[];
    };
    expect(results.steps).toHaveLength(1);
    const [step] = results.steps;
    expect(step!.offeredRate).toBe(50);
    expect(step!.sent).toBe(1_000);
    const failures = Object.entries(step!.statuses).filter(
      ([status]) => !/^[234]\d\d$/.test(status) || status.startsWith('5'),
    );
    expect(failures).toEqual([]);
    expect(step!.tracedCount).toBeGreaterThan(0);
    expect(step!.hops.httpAccepted.count).toBe(step!.tracedCount);
    expect(step!.endToEndMs.count + step!.hops.neverVisible).toBe(step!.tracedCount);
    expect(Object.keys(step!.cpuPercent)).toEqual(
      expect.arrayContaining(['invoicing', 'payments', 'collections', 'disputes', 'ledger']),
    );
    const markdown = await readFile(path.join(resultsDirectory, 'e2e.md'), 'utf8');
    expect(markdown).toContain('| 50 |');
  });
});
