import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

// The local stack's supervisor is a plain script (scripts/supervise.js, used by start-stack.js).
const { supervise } = require(path.resolve(__dirname, '../../../scripts/supervise.js')) as {
  supervise: (options: {
    name: string;
    start: () => ChildProcess;
    isStopping: () => boolean;
    log: (message: string) => void;
    timing?: { delayFirstMs: number; delayMaxMs: number; healthyRunMs: number };
  }) => { stopped: Promise<void>; restartCount: () => number; stop: (signal?: string) => void };
};

jest.setTimeout(60_000);

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('npm run start:stack supervision', () => {
  it('restarts a service that crashes, with growing pauses, and says so', async () => {
    const lines: string[] = [];
    let stopping = false;
    let starts = 0;
    const supervisor = supervise({
      name: 'payments',
      // A service that crashes at once, as one did on a broker outage before it rode them out.
      start: () => {
        starts += 1;
        return spawn(process.execPath, ['-e', 'process.exit(7)'], { stdio: 'ignore' });
      },
      isStopping: () => stopping,
      log: (line) => lines.push(line),
      timing: { delayFirstMs: 100, delayMaxMs: 400, healthyRunMs: 60_000 },
    });
    await until(() => starts >= 4, 'three restarts');
    stopping = true;
    supervisor.stop();
    await supervisor.stopped;
    expect(lines.slice(0, 3)).toEqual([
      'payments exited (code 7); restarting it in 0.1 s (restart 1)',
      'payments exited (code 7); restarting it in 0.2 s (restart 2)',
      'payments exited (code 7); restarting it in 0.4 s (restart 3)',
    ]);
  });

  it('restarts a killed service and stops it for good on request', async () => {
    const lines: string[] = [];
    let stopping = false;
    const children: ChildProcess[] = [];
    const supervisor = supervise({
      name: 'invoicing',
      start: () => {
        const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
          stdio: 'ignore',
        });
        children.push(child);
        return child;
      },
      isStopping: () => stopping,
      log: (line) => lines.push(line),
      timing: { delayFirstMs: 100, delayMaxMs: 1_000, healthyRunMs: 60_000 },
    });
    await until(() => children.length === 1 && children[0]?.pid !== undefined, 'the first start');
    children[0]?.kill('SIGKILL');
    await until(() => children.length === 2, 'the restart after the kill');
    expect(lines).toEqual([
      'invoicing exited (signal SIGKILL); restarting it in 0.1 s (restart 1)',
    ]);
    stopping = true;
    supervisor.stop('SIGTERM');
    await supervisor.stopped;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(children).toHaveLength(2); // not started again after the stop
    expect(children[1]?.signalCode).toBe('SIGTERM');
  });
});
