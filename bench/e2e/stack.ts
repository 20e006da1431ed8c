import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eConfig } from './config';

const root = path.join(__dirname, '..', '..');
const services = ['invoicing', 'payments', 'collections', 'disputes', 'ledger'] as const;
export type ServiceName = (typeof services)[number];

export interface Stack {
  urlOf(service: ServiceName): string;
  brokers: string;
  /** Process ids to sample CPU from, by name. */
  pids(): Map<string, number[]>;
  stop(): Promise<void>;
}

/** The broker of this benchmark on its own port (never the shared one), started if not running. */
function ensureOwnBroker(port: number): string {
  const env = { ...process.env, KAFKA_PORT: String(port) };
  const result = spawnSync('bash', [path.join(root, 'infra/kafka/start.sh')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`Kafka on port ${port} could not be started`);
  return result.stdout.trim().split('\n').pop()!;
}

function brokerPid(port: number): number | undefined {
  const file = path.join(root, `infra/kafka/.state/broker-${port}/broker.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Every postgres process on the server (the cluster is shared: other work shows up here too). */
function postgresPids(): number[] {
  const out = spawnSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).stdout ?? '';
  return out.split('\n').filter(Boolean).map(Number);
}

/** Runs scripts/start-stack.js with this benchmark's ports, database and broker. */
export async function startStack(config: E2eConfig, topicSuffix: string): Promise<Stack> {
  const brokers = config.kafkaBrokers ?? ensureOwnBroker(config.kafkaPort);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts/start-stack.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT_BASE: String(config.portBase),
      DATABASE_URL: config.databaseUrl,
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_SUFFIX: topicSuffix,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const urlOf = (service: ServiceName) =>
    `http://127.0.0.1:${config.portBase + services.indexOf(service)}`;
  const stack: Stack = {
    urlOf,
    brokers,
    pids: () => {
      const map = new Map<string, number[]>();
      for (const pid of childrenOf(child.pid!)) {
        const service = services.find((s) => commandOf(pid).includes(`apps/${s}/src/main.ts`));
        if (service) map.set(service, [pid]);
      }
      map.set('postgres (whole server)', postgresPids());
      const kafka = config.kafkaBrokers ? undefined : brokerPid(config.kafkaPort);
      if (kafka) map.set('kafka', [kafka]);
      map.set('bench driver', [process.pid]);
      return map;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  await waitUntilReady(stack, child);
  return stack;
}

async function waitUntilReady(stack: Stack, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (const service of services) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}`);
      const probe = (url: string) =>
        fetch(url)
          .then((r) => r.status === 200)
          .catch(() => false);
      const base = stack.urlOf(service);
      const ready = (await probe(`${base}/${service}/ready`)) || (await probe(`${base}/ready`));
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${service} was not ready within 240 s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** CPU seconds (user + system) of each group of processes, from /proc/<pid>/stat. */
export function cpuSeconds(pids: Map<string, number[]>): Map<string, number> {
  const ticksPerSecond = 100;
  const out = new Map<string, number>();
  for (const [name, list] of pids) {
    let ticks = 0;
    for (const pid of list) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      } catch {
        // The process ended between listing and reading.
      }
    }
    out.set(name, ticks / ticksPerSecond);
  }
  return out;
}
