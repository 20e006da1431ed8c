import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { sleep } from './broker';

const bin = '/usr/lib/postgresql/15/bin';

/**
 * A throw-away PostgreSQL cluster of the fault suite's own (initdb + pg_ctl on its own port), so
 * a scenario may stop it with `-m immediate` (a crash) without touching the shared server.
 */
export class PostgresCluster {
  private readonly dir: string;

  constructor(readonly port: number) {
    this.dir = path.join('/tmp', `billing-faults-pg-${port}`);
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async startFresh(): Promise<void> {
    this.ctl(['stop', '-m', 'immediate'], true);
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.run('initdb', [
      '-D',
      this.dir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    fs.appendFileSync(
      path.join(this.dir, 'postgresql.conf'),
      `\nport = ${this.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '/tmp'\nmax_connections = 300\nfsync = off\n`,
    );
    await this.start();
  }

  async start(): Promise<void> {
    this.ctl(['start', '-w', '-l', path.join(this.dir, 'server.log')]);
    await this.waitReady();
  }

  /** A crash: no checkpoint, no goodbye to the clients. */
  stopImmediate(): void {
    this.ctl(['stop', '-m', 'immediate']);
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return this.url(name);
  }

  /** Terminates every backend of `database` but this one; returns how many. */
  async terminateBackends(database: string): Promise<number> {
    const admin = new Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      return rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  close(): void {
    this.ctl(['stop', '-m', 'immediate'], true);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    for (let i = 0; i < 60; i++) {
      const client = new Client({ connectionString: this.url('postgres') });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await sleep(500);
      }
    }
    throw new Error(`PostgreSQL on ${this.port} did not answer`);
  }

  private ctl(args: string[], quiet = false): void {
    this.run('pg_ctl', ['-D', this.dir, ...args], quiet);
  }

  /** As the `postgres` user when this process is root (initdb and postgres refuse root). */
  private run(tool: string, args: string[], quiet = false): void {
    const command = path.join(bin, tool);
    const asRoot = process.getuid?.() === 0;
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], {
          encoding: 'utf8',
          cwd: '/tmp',
        })
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0 && !quiet)
      throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }
}
