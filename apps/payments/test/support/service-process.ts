import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { compiledNodeArgs } from '@billing/testing';

const workspaceRoot = path.resolve(__dirname, '../../../..');

export interface ServiceProcess {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts a service's standalone `main.ts` as its own Node process (the way it runs in
 * production; its TypeScript transpiled once per suite run, `compiledNodeArgs`), and waits until
 * it answers /ready.
 */
export async function startServiceProcess(
  mainPath: string,
  port: number,
  env: Record<string, string>,
  readyTimeoutMs = 90_000,
): Promise<ServiceProcess> {
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, compiledNodeArgs(mainPath), {
    cwd: workspaceRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    logs.push(chunk.toString());
    if (logs.length > 2_000) logs.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${mainPath} exited ${child.exitCode}:\n${logs.join('').slice(-3_000)}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${mainPath} not ready in ${readyTimeoutMs} ms:\n${logs.join('').slice(-3_000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    logs,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
