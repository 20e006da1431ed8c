// `npm start`: the whole billing system in one process with no infrastructure (PGlite on disk in
// DATA_DIR, default .data/; the in-process bus in place of Kafka). Prints where everything is.
import 'reflect-metadata';
import * as path from 'node:path';
import { systemClock } from '@billing/kernel';
import { localJwtSecret, runService } from '@billing/platform';
import { createEmbeddedSystem } from './embedded-system';

void runService(async () => {
  const dataDir = path.resolve(
    process.env['DATA_DIR'] ?? path.resolve(__dirname, '../../../.data'),
  );
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
    `  health     ${url}/health  ${url}/ready`,
    `  a token:   npm run token -- --role billing-clerk`,
  ];
  const shutdown = async (): Promise<void> => {
    await system.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  setImmediate(() => process.stdout.write(`${lines.join('\n')}\n`));
  return { app: system.app, port: system.port };
});
