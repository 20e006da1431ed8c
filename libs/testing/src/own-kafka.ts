import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A Kafka broker of a test's own, which the test may kill and start again. */
export interface OwnKafka {
  brokers: string[];
  /** SIGKILL, as in a crash; the broker's data stays for the next start. */
  kill(): void;
  /** Starts it again on the same port and data (returns when it answers). */
  start(): void;
  /** Kills it and deletes its data. */
  destroy(): void;
}

const workspaceRoot = path.resolve(__dirname, '../../..');

/**
 * Starts a single-node broker from `infra/kafka` on 127.0.0.1:`port` (controller on port + 1)
 * with its data in a temporary directory (`startNow: false` only prepares it, for a test of
 * what starts while the broker is away). Never the shared broker: a test that kills a broker
 * kills this one. Throws, saying why, when no broker can be started (Java and Maven are needed).
 */
export function startOwnKafka(port: number, options: { startNow?: boolean } = {}): OwnKafka {
  const stateDir = mkdtempSync(path.join(tmpdir(), `kafka-${port}-`));
  // The controller port is set too: one inherited from the shell (KAFKA_CONTROLLER_PORT of the
  // shared broker) would be taken already, and this broker would not start.
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(port + 1),
    KAFKA_STATE_DIR: stateDir,
  };
  const start = (): void => {
    const result = spawnSync('bash', [path.join(workspaceRoot, 'infra/kafka/start.sh')], {
      encoding: 'utf8',
      env,
      timeout: 180_000,
    });
    if (result.status !== 0) {
      throw new Error(`Own Kafka broker on port ${port} did not start:\n${result.stderr}`);
    }
  };
  const kill = (): void => {
    const pidFile = path.join(stateDir, 'broker.pid');
    let pid: number;
    try {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
    } catch {
      return;
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    for (let i = 0; i < 100 && alive(pid); i += 1) spawnSync('sleep', ['0.1']);
    rmSync(pidFile, { force: true });
  };
  if (options.startNow ?? true) start();
  return {
    brokers: [`127.0.0.1:${port}`],
    kill,
    start,
    destroy: () => {
      kill();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
