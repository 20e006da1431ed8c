import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '@billing/kernel';
import { mintToken, type Role } from '@billing/platform';
import { ensureConsoleBuilt } from '../../src/console/console-build';
import { createEmbeddedSystem, type EmbeddedSystem } from '../../src/embedded-system';
import { ApiClient } from './console-api';

export interface ConsoleSystem {
  system: EmbeddedSystem;
  clock: ManualClock;
  baseUrl: string;
  api(roles: Role[]): Promise<ApiClient>;
  close(): Promise<void>;
}

const jwtSecret = 'console-journey-secret-of-at-least-32-chars';

/**
 * `CONSOLE_TEST_PORT` when set (a run beside others on its own port), else a port of the console
 * tests' range picked by process id.
 */
function consoleTestPort(): number {
  const fixed = process.env['CONSOLE_TEST_PORT'];
  if (fixed === undefined || fixed === '') return 18_000 + (process.pid % 900);
  const port = Number(fixed);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`CONSOLE_TEST_PORT must be a TCP port, not ${fixed}`);
  return port;
}

/**
 * The embedded system (as `npm start` runs it) on a temporary data directory, listening on a
 * port of the console tests' range, with the console built as `npm start` builds it.
 */
export async function startConsoleSystem(): Promise<ConsoleSystem> {
  ensureConsoleBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-journey-'));
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const system = await createEmbeddedSystem({
    dataDir,
    jwtSecret,
    clock,
    env: { LOG_LEVEL: 'silent' },
  });
  const port = consoleTestPort();
  await system.app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    system,
    clock,
    baseUrl,
    api: async (roles) =>
      new ApiClient(
        baseUrl,
        await mintToken({ sub: `test-${roles.join('-')}`, roles, secret: jwtSecret, ttl: 900 }),
      ),
    async close() {
      await system.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
