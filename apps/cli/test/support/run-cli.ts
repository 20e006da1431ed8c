import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { compiledCliNodeArgs } from '@billing/testing';

const repoRoot = path.resolve(__dirname, '../../../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in a process of its own, from apps/cli/src/main.ts at the repository root as
 * `npm run cli -- <args>` does, and collects what it printed. The TypeScript is transpiled once
 * per run of the suite (`compiledCliNodeArgs`) rather than by the SWC register hook in every
 * process; `runCliAsNpmDoes` starts it exactly as `npm run cli` does. `env` replaces the
 * connection variables so the developer's own DATABASE_URL / DATA_DIR never leak into a test.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runNode([...compiledCliNodeArgs(), ...args], env);
}

/** Runs the CLI through the SWC register hook, the command line of `npm run cli`. */
export function runCliAsNpmDoes(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runNode(['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.json'),
    ...env,
  });
}

function runNode(nodeArgs: string[], env: Record<string, string>): Promise<CliResult> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: repoRoot,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs an npm script (e.g. `token`) as a user would. */
export function runNpmScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], {
      cwd: repoRoot,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
