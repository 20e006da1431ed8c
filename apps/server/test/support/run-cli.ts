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
 * Runs the auditor's CLI in its own process, from apps/cli/src/main.ts at the repository root as
 * `npm run cli -- <args>` does, with its TypeScript transpiled once per suite run
 * (`compiledCliNodeArgs`; apps/cli's tests also start it through the SWC register hook). The same
 * helper as apps/cli's tests, which this project may not import. `env` is added to the
 * environment, whose DATABASE_URL and DATA_DIR are dropped so a developer's own never leak in.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...compiledCliNodeArgs(), ...args], {
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
