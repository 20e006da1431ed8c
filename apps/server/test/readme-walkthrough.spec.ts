import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The README's first session with curl, run as written: `npm start` as a user starts it (its own
 * data directory and port), then the README's block in bash, with the token from
 * `npm run token` on the same DATA_DIR. Also checks the first minutes: the start banner is the
 * last thing start-up prints, and `/<service>` answers an index.
 */
jest.setTimeout(240_000);

const repoRoot = path.resolve(__dirname, '../../..');
const port = 4520;
const base = `http://127.0.0.1:${port}`;

function readmeWalkthrough(): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const match = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme,
  );
  if (!match?.[1]) throw new Error('README.md has no walkthrough block');
  return match[1];
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('README: a first session with curl', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-walkthrough-'));
  const { DATABASE_URL: _url, JWT_SECRET: _secret, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' };
  let server: ChildProcess | undefined;
  let stdout = '';
  /** What start-up printed: up to a second after the banner, before any request. */
  let startup = '';

  beforeAll(async () => {
    server = spawn(process.execPath, ['scripts/start.js'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    server.stderr!.resume();
    await until(
      async () => stdout.includes('Billing ledger listening'),
      'the start banner',
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    startup = stdout;
    await until(async () => (await fetch(`${base}/ready`)).ok, '/ready', 60_000);
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the start banner last, route mapping out of the way', () => {
    const lines = startup.trim().split('\n');
    const bannerAt = lines.findIndex((line) => line.startsWith('Billing ledger listening'));
    // After the banner only its own indented lines: nothing buries it.
    expect(lines.slice(bannerAt + 1).every((line) => line.startsWith('  '))).toBe(true);
    expect(startup).not.toContain('Mapped {');
    expect(startup).toContain(`DATA_DIR=${dataDir} npm run token`);
  });

  it('answers /invoicing with an index of links', async () => {
    const index = await fetch(`${base}/invoicing`);
    expect(index.status).toBe(200);
    expect(await index.json()).toMatchObject({
      service: 'invoicing',
      links: { docs: '/invoicing/docs', openapi: '/invoicing/docs-json' },
    });
  });

  it('runs the walkthrough as written: open, verify, draft, review, issue, pay, balance, list', () => {
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', readmeWalkthrough()], {
      cwd: repoRoot,
      env: { ...env, BASE: base },
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (run.status !== 0) throw new Error(`walkthrough failed (${run.status}):\n${run.stderr}`);
    expect(run.stdout).toContain('"paid": "1440.00"');
    expect(run.stdout).toMatch(/"status": "paid",\s*"amountOpen": "0.00"/);
  });
});
