import * as net from 'node:net';

/** What the proxy does to traffic right now. */
export type ProxyMode =
  | { kind: 'pass' }
  /** Every chunk, both ways, waits this long (a slow network). */
  | { kind: 'delay'; delayMs: number }
  /** Bytes are swallowed and connections stay open: a silent partition. */
  | { kind: 'blackhole' };

/**
 * A TCP proxy between the services and the broker (the broker advertises the proxy's address, so
 * every client connection goes through it). It adds delay, swallows traffic (a blackhole) or
 * resets every open connection, which `tc netem` would do on a kernel that has it.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  mode: ProxyMode = { kind: 'pass' };

  constructor(
    readonly listenPort: number,
    readonly targetPort: number,
    readonly host = '127.0.0.1',
    /** Where the broker listens: another address when it runs in a network namespace. */
    readonly targetHost = host,
  ) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.listenPort, this.host, () => resolve());
    });
  }

  /** Resets (RST) every open connection; new ones are accepted as before. */
  resetAll(): number {
    const count = this.pairs.size;
    for (const { client, upstream } of this.pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
    return count;
  }

  async stop(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /** Forwards in order: a delayed chunk never overtakes an earlier one. */
  private pipe(from: net.Socket, to: net.Socket): void {
    let tail = Promise.resolve();
    from.on('data', (chunk) => {
      const mode = this.mode;
      if (mode.kind === 'blackhole') return;
      if (mode.kind === 'pass') {
        tail = tail.then(() => {
          if (!to.destroyed) to.write(chunk);
        });
        return;
      }
      tail = tail
        .then(() => new Promise((resolve) => setTimeout(resolve, mode.delayMs)))
        .then(() => {
          if (!to.destroyed) to.write(chunk);
        });
    });
  }
}
