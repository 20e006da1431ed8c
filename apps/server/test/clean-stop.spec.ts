import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localJwtSecret, mintToken } from '@billing/platform';

/**
 * `npm start` as a user runs it: the real process (apps/server/src/main.ts) on its own data
 * directory and port, a command, the chain head sealed and kept, then Ctrl-C (SIGINT) or SIGTERM.
 * The process must close the embedded store (no postmaster.pid left), so the CLI can open it at
 * once: `verify` exits 0 and proves the log extends the head kept while it ran.
 */
jest.setTimeout(240_000);

const repoRoot = path.resolve(__dirname, '../../..');
const swcEnv = { SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.json') };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<Run> } {
  const { DATABASE_URL: _url, DATA_DIR: _dir, PORT: _port, ...inherited } = process.env;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], {
    cwd: repoRoot,
    env: { ...inherited, ...swcEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each([
  ['SIGTERM', 4510],
  ['SIGINT', 4511],
] as const)('npm start stopped by %s', (signal, port) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `clean-stop-${signal}-`));
  const base = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof runNode> | undefined;

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.done;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('closes the embedded store, so verify exits 0 and proves the head kept while it ran', async () => {
    server = runNode(['apps/server/src/main.ts'], {
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    await until(
      async () => ((await fetch(`${base}/health`)).ok ? true : undefined),
      'the server',
      180_000,
    );
    const secret = localJwtSecret(dataDir);
    const token = (role: 'billing-clerk' | 'billing-manager') =>
      mintToken({ sub: `${role}-1`, roles: [role], secret, ttl: 600 });
    const opened = await fetch(`${base}/invoicing/billing-accounts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('billing-clerk')}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        legalName: 'Stop Test Ltd',
        billingContactName: 'Jo Doe',
        email: 'ap@stop.example',
        address: {
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '62701',
          region: 'IL',
          country: 'US',
        },
        country: 'US',
        taxId: '12-3456789',
        currency: 'USD',
        paymentTermsDays: 30,
        purchaseOrderRequired: false,
      }),
    });
    expect(opened.status).toBe(201);

    // The sealer seals the new event a moment after its commit; the head names it.
    const manager = await token('billing-manager');
    const head = await until(
      async () => {
        const answer = await fetch(`${base}/audit/head`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${manager}`,
            'idempotency-key': randomUUID(),
          },
        });
        return answer.status === 200
          ? ((await answer.json()) as { keep: string; sequence: number })
          : undefined;
      },
      'the chain head',
      30_000,
    );
    expect(head.sequence).toBeGreaterThanOrEqual(1);
    const ready = (await (await fetch(`${base}/ready`)).json()) as {
      checks: Array<{ name: string; status: string }>;
    };
    expect(ready.checks).toContainEqual(
      expect.objectContaining({ name: 'global-seal', status: 'up' }),
    );

    server.child.kill(signal);
    const stopped = await server.done;
    expect(stopped.code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'postmaster.pid'))).toBe(false);

    const verified = await runNode(
      [
        'apps/cli/src/main.ts',
        'verify',
        '--data-dir',
        dataDir,
        '--expect-head',
        head.keep,
        '--no-progress',
      ],
      {},
    ).done;
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Kept head ${head.keep}: the log extends it`);
    expect(verified.stdout).toContain('0 newer event(s) not sealed yet');
    expect(verified.stdout).toContain('OK: the log is intact.');
  });
});
