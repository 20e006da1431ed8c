import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TcpProxy } from './tcp-proxy';

const root = path.resolve(__dirname, '../../../../..');
const kafkaDir = path.join(root, 'infra/kafka');
const libDir = path.join(kafkaDir, 'lib');

/**
 * A Kafka broker of the fault suite's own (never the shared one): KRaft single node whose
 * clients all go through a `TcpProxy` on `port` (the broker listens on port + 2 and advertises
 * the proxy, controller on port + 1). It can be killed, paused (SIGSTOP) and started again on
 * the same log directory.
 */
export interface FaultBrokerOptions {
  /**
   * The log directory on a tmpfs of this many MiB of the broker's own (mounted as root), so a
   * scenario can fill the broker's disk without touching the machine's.
   */
  logTmpfsMb?: number;
  /**
   * The broker runs in a network namespace of its own, reached through a veth pair, so a scenario
   * can cut its link (a real partition: packets dropped, no reset) instead of faking one.
   */
  netns?: boolean;
}

/** The namespace, its veth pair and their addresses, derived from the proxy port. */
interface BrokerNetns {
  name: string;
  hostVeth: string;
  nsVeth: string;
  hostIp: string;
  nsIp: string;
}

export class FaultBroker {
  readonly proxy: TcpProxy;
  private pid: number | undefined;
  private readonly stateDir: string;
  /** The filesystem of the log directory: a tmpfs mount point when `logTmpfsMb` is given. */
  private readonly diskDir: string;

  constructor(
    readonly port: number,
    private readonly options: FaultBrokerOptions = {},
  ) {
    this.stateDir = path.join('/tmp', `billing-faults-kafka-${port}`);
    this.diskDir = path.join(this.stateDir, 'disk');
    const subnet = `10.213.${port % 250}`;
    this.netns = options.netns
      ? {
          name: `bf-${port}`,
          hostVeth: `bfh${port}`,
          nsVeth: `bfn${port}`,
          hostIp: `${subnet}.1`,
          nsIp: `${subnet}.2`,
        }
      : undefined;
    this.proxy = new TcpProxy(port, port + 2, '127.0.0.1', this.netns?.nsIp ?? '127.0.0.1');
  }

  private readonly netns: BrokerNetns | undefined;

  /** Where the broker listens: loopback, or its address in its namespace. */
  private get listenHost(): string {
    return this.netns?.nsIp ?? '127.0.0.1';
  }

  /** Cuts (false) or restores (true) the namespace's link: the broker's side loses its carrier. */
  setLink(up: boolean): void {
    if (!this.netns) throw new Error('the broker does not run in a network namespace');
    ip([
      'netns',
      'exec',
      this.netns.name,
      'ip',
      'link',
      'set',
      this.netns.nsVeth,
      up ? 'up' : 'down',
    ]);
  }

  private createNetns(): void {
    const ns = this.netns;
    if (!ns) return;
    this.deleteNetns();
    ip(['netns', 'add', ns.name]);
    ip(['link', 'add', ns.hostVeth, 'type', 'veth', 'peer', 'name', ns.nsVeth]);
    ip(['link', 'set', ns.nsVeth, 'netns', ns.name]);
    ip(['addr', 'add', `${ns.hostIp}/30`, 'dev', ns.hostVeth]);
    ip(['link', 'set', ns.hostVeth, 'up']);
    const inNs = (args: string[]) => ip(['netns', 'exec', ns.name, 'ip', ...args]);
    inNs(['addr', 'add', `${ns.nsIp}/30`, 'dev', ns.nsVeth]);
    inNs(['link', 'set', ns.nsVeth, 'up']);
    inNs(['link', 'set', 'lo', 'up']);
  }

  /**
   * Deleting the namespace deletes its end of the veth pair, and so the pair, once no process is
   * left in it; the host's end is deleted too, in case one is.
   */
  private deleteNetns(): void {
    if (!this.netns) return;
    spawnSync('ip', ['netns', 'del', this.netns.name], { stdio: 'ignore' });
    spawnSync('ip', ['link', 'del', this.netns.hostVeth], { stdio: 'ignore' });
  }

  get logDir(): string {
    return path.join(this.diskDir, 'data');
  }

  get logFile(): string {
    return path.join(this.stateDir, 'broker.log');
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A fresh log directory, then the broker; the proxy starts once. */
  async startFresh(): Promise<void> {
    this.unmountDisk();
    fs.rmSync(this.stateDir, { recursive: true, force: true });
    fs.mkdirSync(this.diskDir, { recursive: true });
    if (this.options.logTmpfsMb) {
      const size = `size=${this.options.logTmpfsMb}m`;
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', size, 'tmpfs', this.diskDir], {
        encoding: 'utf8',
      });
      if (mounted.status !== 0)
        throw new Error(`tmpfs for the broker's log not mounted (needs root): ${mounted.stderr}`);
    }
    const fetched = spawnSync('bash', [path.join(kafkaDir, 'fetch-jars.sh')], { stdio: 'inherit' });
    if (fetched.status !== 0) throw new Error('Kafka jars could not be fetched (needs Maven)');
    this.createNetns();
    fs.writeFileSync(this.configFile(), this.config());
    const id = this.java(['kafka.tools.StorageTool', 'random-uuid']).trim().split('\n').pop()!;
    this.java(['kafka.tools.StorageTool', 'format', '-t', id, '-c', this.configFile()]);
    await this.proxy.start();
    await this.start();
  }

  /** Starts the broker process on the existing log directory and waits until it says so. */
  async start(): Promise<void> {
    const logFile = this.logFile;
    const startedBefore = fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').split('Kafka Server started').length
      : 1;
    const out = fs.openSync(path.join(this.stateDir, 'stdout.log'), 'a');
    // `ip netns exec` execs java in place: the child's pid is the broker's.
    const inNs = this.netns ? ['netns', 'exec', this.netns.name, 'java'] : [];
    const child = spawn(
      this.netns ? 'ip' : 'java',
      [
        ...inNs,
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${path.join(kafkaDir, 'log4j2.properties')}`,
        `-Dkafka.log.file=${logFile}`,
        '-cp',
        `${libDir}/*`,
        'kafka.Kafka',
        this.configFile(),
      ],
      { detached: true, stdio: ['ignore', out, out] },
    );
    child.unref();
    this.pid = child.pid;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      if (log.split('Kafka Server started').length > startedBefore) return;
      if (!this.alive())
        throw new Error(`Kafka on ${this.port} exited during start-up; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`Kafka on ${this.port} did not start in 120 s`);
      await sleep(500);
    }
  }

  alive(): boolean {
    if (!this.pid) return false;
    try {
      process.kill(this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** kill -9, then waits until the process is gone. */
  async kill(): Promise<void> {
    if (!this.pid) return;
    process.kill(this.pid, 'SIGKILL');
    while (this.alive()) await sleep(100);
    this.pid = undefined;
  }

  pause(): void {
    if (this.pid) process.kill(this.pid, 'SIGSTOP');
  }

  resume(): void {
    if (this.pid) process.kill(this.pid, 'SIGCONT');
  }

  async close(): Promise<void> {
    if (this.pid && this.alive()) {
      this.resume();
      await this.kill();
    }
    await this.proxy.stop();
    this.deleteNetns();
    this.unmountDisk();
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }

  /**
   * Fills the log directory's tmpfs with a ballast file until not one more byte fits; returns the
   * ballast's size in bytes.
   */
  fillDisk(): number {
    if (!this.options.logTmpfsMb) throw new Error('the broker log is not on a tmpfs of its own');
    const ballast = path.join(this.diskDir, 'ballast');
    const { bavail, bsize } = fs.statfsSync(this.diskDir);
    spawnSync('fallocate', ['-l', String(bavail * bsize), ballast]);
    // Whatever fallocate left (blocks freed meanwhile) goes too: dd stops at ENOSPC.
    spawnSync('dd', ['if=/dev/zero', `of=${ballast}-rest`, 'bs=4096'], { stdio: 'ignore' });
    return fs.statSync(ballast).size + fs.statSync(`${ballast}-rest`).size;
  }

  /** Removes the ballast: the disk has room again. */
  freeDisk(): void {
    for (const name of ['ballast', 'ballast-rest'])
      fs.rmSync(path.join(this.diskDir, name), { force: true });
  }

  /** Characters in the broker's log so far (a mark for `lostLogDirSince`). */
  logLength(): number {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8').length : 0;
  }

  /**
   * True when the broker said, after `mark`, that it stopped serving a log directory: a live
   * broker does not take a failed directory back, only a restart does.
   */
  lostLogDirSince(mark: number): boolean {
    if (!fs.existsSync(this.logFile)) return false;
    return fs
      .readFileSync(this.logFile, 'utf8')
      .slice(mark)
      .includes('Stopping serving logs in dir');
  }

  private unmountDisk(): void {
    spawnSync('umount', [this.diskDir], { stdio: 'ignore' });
  }

  private configFile(): string {
    return path.join(this.stateDir, 'server.properties');
  }

  private config(): string {
    const listen = this.port + 2;
    const controller = this.port + 1;
    return [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@${this.listenHost}:${controller}`,
      `listeners=PLAINTEXT://${this.listenHost}:${listen},CONTROLLER://${this.listenHost}:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${this.logDir}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      '',
    ].join('\n');
  }

  private java(args: string[]): string {
    const result = spawnSync('java', ['-cp', `${libDir}/*`, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`java ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }
}

function ip(args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr}`);
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
