import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A PostgreSQL server of a test's own, which the test may stop hard and start again. */
export interface ThrowawayPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication). */
  url(database?: string): string;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash. */
  stopImmediately(): void;
  start(): void;
  /** Stops the server (if running) and deletes its directory. */
  destroy(): void;
}

const binDir = process.env['PG_BIN_DIR'] ?? '/usr/lib/postgresql/15/bin';

/**
 * Creates and starts a cluster in a temporary directory (`initdb`, `pg_ctl`), listening on
 * 127.0.0.1:`port` only. Never the shared server: tests that stop PostgreSQL stop this one. As
 * root (CI containers), the server runs as the `postgres` user, since PostgreSQL refuses root.
 */
export function startThrowawayPostgres(port: number): ThrowawayPostgres {
  const dir = mkdtempSync(path.join(tmpdir(), `pg-${port}-`));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const run = (tool: string, args: string[]): void => {
    const bin = path.join(binDir, tool);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
  };
  try {
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  } catch (error) {
    throw new Error(
      `No throw-away PostgreSQL: initdb in ${binDir} failed (${(error as Error).message}). ` +
        'Install PostgreSQL 15 server binaries or set PG_BIN_DIR.',
    );
  }
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = (): void =>
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-o',
      options,
      'start',
    ]);
  const stop = (): void => run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  start();
  let running = true;
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stopImmediately: () => {
      stop();
      running = false;
    },
    start: () => {
      start();
      running = true;
    },
    destroy: () => {
      if (running) stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
