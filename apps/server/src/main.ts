// `npm start`: the whole billing system in one process with no infrastructure (PGlite on disk in
// DATA_DIR, default .data/; the in-process bus in place of Kafka). Prints where everything is.
import 'reflect-metadata';
import * as path from 'node:path';
import { systemClock } from '@billing/kernel';
import { localJwtSecret, runService } from '@billing/platform';
import { ensureConsoleBuilt } from './console/console-build';
import { createEmbeddedSystem } from './embedded-system';

void runService(async () => {
  const dataDir = path.resolve(
    // `||` as the CLI reads it (an empty DATA_DIR is the default), so `npm run token` signs
    // with the secret this process verifies.
    process.env['DATA_DIR'] || path.resolve(__dirname, '../../../.data'),
  );
  // Built on first start (and again whenever its sources are newer than the build).
  ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
  const system = await createEmbeddedSystem({
    dataDir,
    jwtSecret: localJwtSecret(dataDir),
    clock: systemClock,
    env: process.env,
  });
  const url = `http://localhost:${system.port}`;
  const lines = [
    `Billing ledger listening on ${url} (embedded: PGlite in ${dataDir}, in-process bus)`,
    ...system.services.map(
      (s) =>
        `  ${s.prefix.padEnd(10)} ${url}/${s.prefix}  docs: ${url}/${s.prefix}/docs  json: ${url}/${s.prefix}/docs-json`,
    ),
    `  console    ${url}/console/  (web console; local sign-in for a chosen role)`,
    `  health     ${url}/health  ${url}/ready`,
    `  each service's index: ${url}/<service> (e.g. ${url}/invoicing)`,
    ...(system.testClockOn
      ? [`  test clock ${url}/system/clock  (business time; TEST_CLOCK=off to run on real time)`]
      : []),
    // The CLI finds the same secret only through the same DATA_DIR: say it when it is not the default.
    `  a token:   ${process.env['DATA_DIR'] ? `DATA_DIR=${dataDir} ` : ''}npm run token -- --role billing-clerk`,
  ];
  // Close everything (relays, HTTP, sealer, then the store, which removes PGlite's postmaster.pid)
  // before exiting; a second signal while closing must not cut that short.
  let closing: Promise<void> | undefined;
  const shutdown = (): void => {
    closing ??= system.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `${JSON.stringify({ level: 'error', msg: 'shutdown failed', error: (error as Error).message })}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  return {
    app: system.app,
    port: system.port,
    // Through the log's own stream, after start-up's log lines: the banner comes last.
    onListening: () => system.announce(`${lines.join('\n')}\n`),
  };
});
