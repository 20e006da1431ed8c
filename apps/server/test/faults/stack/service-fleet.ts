import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compiledNodeArgs } from '@billing/testing';
import { sleep } from './broker';

const root = path.resolve(__dirname, '../../../../..');

export const serviceNames = ['invoicing', 'payments', 'collections', 'disputes', 'ledger'] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface FleetOptions {
  portBase: number;
  databaseUrl: string;
  brokers: string;
  jwtSecret: string;
  logDir: string;
  /** Instances per service (2 for the scale-out scenario: ports portBase+offset and +10). */
  instances?: number;
  /** Which services to run; default all five. */
  services?: readonly ServiceName[];
}

interface Instance {
  service: ServiceName;
  index: number;
  port: number;
  child: ChildProcess | undefined;
  /** Extra environment for the next start only (e.g. FAULT_POINT). */
  nextEnv: Record<string, string>;
  /** Exits the fleet did not cause (a crash the supervisor restarted). */
  unexpectedExits: number;
  restarts: number;
  stopping: boolean;
}

/**
 * The services as separate processes on one database and one broker, supervised the way
 * `start:stack` supervises them: an instance that exits is started again after a short backoff,
 * and every such exit is counted (the checker reports it; a crash the suite did not cause is a
 * finding).
 */
export class ServiceFleet {
  private readonly instances: Instance[] = [];

  constructor(private readonly options: FleetOptions) {
    const count = options.instances ?? 1;
    for (let index = 0; index < count; index++)
      serviceNames.forEach((service, offset) => {
        if (options.services && !options.services.includes(service)) return;
        this.instances.push({
          service,
          index,
          port: options.portBase + offset + index * 10,
          child: undefined,
          nextEnv: {},
          unexpectedExits: 0,
          restarts: 0,
          stopping: false,
        });
      });
  }

  url(service: ServiceName, index = 0): string {
    const instance = this.find(service, index);
    return `http://127.0.0.1:${instance.port}`;
  }

  /** URLs of every instance of a service (a client spreads its commands over them). */
  urls(service: ServiceName): string[] {
    return this.instances
      .filter((i) => i.service === service)
      .map((i) => `http://127.0.0.1:${i.port}`);
  }

  async startAll(): Promise<void> {
    // One at a time: on two cores, five TypeScript compilations at once take longer than in turn.
    for (const instance of this.instances) {
      this.spawn(instance);
      await this.untilReady(instance, 180_000);
    }
  }

  /** kill -9 one instance; the supervisor starts it again (optionally with extra environment). */
  kill9(service: ServiceName, index = 0, nextEnv: Record<string, string> = {}): void {
    const instance = this.find(service, index);
    instance.nextEnv = nextEnv;
    instance.child?.kill('SIGKILL');
  }

  /** Restarts an instance with extra environment (e.g. a FAULT_POINT), as a deploy would. */
  async restartWith(service: ServiceName, env: Record<string, string>, index = 0): Promise<void> {
    const instance = this.find(service, index);
    instance.nextEnv = env;
    instance.stopping = true;
    instance.child?.kill('SIGTERM');
    while (instance.child) await sleep(100);
    instance.stopping = false;
    this.spawn(instance);
  }

  /** Stops an instance for good (SIGTERM, it leaves its consumer groups) until `start`. */
  async stop(service: ServiceName, index = 0): Promise<void> {
    const instance = this.find(service, index);
    instance.stopping = true;
    instance.child?.kill('SIGTERM');
    while (instance.child) await sleep(100);
  }

  start(service: ServiceName, index = 0): void {
    const instance = this.find(service, index);
    instance.stopping = false;
    if (!instance.child) this.spawn(instance);
  }

  /** Lines of an instance's log that contain `text` (e.g. a fault's own log message). */
  countLogLines(service: ServiceName, text: string, index = 0): number {
    const file = path.join(this.options.logDir, `${service}-${index}.log`);
    if (!fs.existsSync(file)) return 0;
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes(text)).length;
  }

  /** Instances whose /ready does not answer 200 right now. */
  async notReady(): Promise<string[]> {
    const missing: string[] = [];
    for (const instance of this.instances) {
      if (!(await ready(instance.port))) missing.push(`${instance.service}#${instance.index}`);
    }
    return missing;
  }

  /** Crashes the fleet did not cause, per instance. */
  unexpectedExits(): Record<string, number> {
    const exits: Record<string, number> = {};
    for (const i of this.instances)
      if (i.unexpectedExits > 0) exits[`${i.service}#${i.index}`] = i.unexpectedExits;
    return exits;
  }

  resetExitCounts(): void {
    for (const i of this.instances) i.unexpectedExits = 0;
  }

  async stopAll(): Promise<void> {
    for (const instance of this.instances) {
      instance.stopping = true;
      instance.child?.kill('SIGKILL');
    }
    while (this.instances.some((i) => i.child)) await sleep(100);
  }

  private find(service: ServiceName, index: number): Instance {
    const instance = this.instances.find((i) => i.service === service && i.index === index);
    if (!instance) throw new Error(`no instance ${service}#${index}`);
    return instance;
  }

  private spawn(instance: Instance): void {
    const log = fs.openSync(
      path.join(this.options.logDir, `${instance.service}-${instance.index}.log`),
      'a',
    );
    const env = {
      ...process.env,
      SERVICE_NAME: instance.service,
      PORT: String(instance.port),
      DATABASE_URL: this.options.databaseUrl,
      KAFKA_BROKERS: this.options.brokers,
      JWT_SECRET: this.options.jwtSecret,
      LOG_LEVEL: 'info',
      ...instance.nextEnv,
    };
    instance.nextEnv = {};
    const args = [
      ...(instance.service === 'ledger' ? ['--max-semi-space-size=64'] : []),
      // Transpiled once, not in every (re)start: a restart under load took half a minute.
      ...compiledNodeArgs(`apps/${instance.service}/src/main.ts`),
    ];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', log, log] });
    instance.child = child;
    child.on('exit', (code, signal) => {
      instance.child = undefined;
      if (instance.stopping) return;
      // SIGKILL comes from the suite (kill9) or from a FAULT_POINT; anything else is the
      // process giving up by itself.
      if (signal !== 'SIGKILL') instance.unexpectedExits += 1;
      instance.restarts += 1;
      fs.writeSync(
        log,
        `${JSON.stringify({ supervisor: 'exit', code, signal, restartInMs: 1000 })}\n`,
      );
      setTimeout(() => {
        if (!instance.stopping && !instance.child) this.spawn(instance);
      }, 1_000);
    });
  }

  private async untilReady(instance: Instance, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ready(instance.port))) {
      if (Date.now() > deadline)
        throw new Error(
          `${instance.service}#${instance.index} not ready on ${instance.port} after ${timeoutMs} ms; see ${this.options.logDir}`,
        );
      await sleep(500);
    }
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}
