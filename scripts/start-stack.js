// `npm run start:stack`: the local stack. Starts PostgreSQL (if down) and a Kafka broker from
// Maven Central jars, then runs each service as its own process against them:
// invoicing on PORT_BASE (default 3001), payments +1, collections +2, disputes +3, ledger +4,
// and the web console in front of them on +5.
// `npm run db:migrate` runs first (as DATABASE_URL, the owner's way in); each service then logs in
// as its own role (`invoicing_svc`, ...; passwords from <ROLE>_PASSWORD when the server wants
// them), never as a superuser. A service that exits is started again after a pause that doubles from 1 s
// up to 30 s (back to 1 s once it has run for a minute), and the script says so. Stop with Ctrl-C
// (the broker keeps running: npm run kafka:stop).
const { spawn, spawnSync } = require('child_process');
const path = require('path');
const { ensurePostgres, ensureKafka, log, root } = require('./infra');
const { supervise } = require('./supervise');
// What compiles the services' TypeScript as Node loads it. Tests that start this stack many times
// set BILLING_TS_PRELOAD to a build prepared once (libs/testing's compiledPreload).
const tsPreload = process.env.BILLING_TS_PRELOAD || '@swc-node/register';
// The local secret and the role names live in the platform library (TypeScript); SWC compiles
// them on require.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
require(tsPreload);
const { localJwtSecret } = require('../libs/platform/src/auth/local-secret.ts');
const { serviceDatabaseUrl } = require('../libs/platform/src/database/database-roles.ts');

// Port offsets from PORT_BASE stay fixed per service, so a URL does not move when one is added.
const services = [
  ['invoicing', 0],
  ['payments', 1],
  ['collections', 2],
  ['disputes', 3],
  ['ledger', 4],
];

// The ledger folds thousands of events per replay, most of them garbage at once: a young
// generation of 64 MiB (V8's default tops out at 16) keeps them out of the old one.
const nodeOptions = { ledger: ['--max-semi-space-size=64'] };

async function main() {
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/billing';
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  await ensurePostgres(server.toString());
  const migrated = spawnSync(
    process.execPath,
    ['-r', tsPreload, path.join(root, 'tools/db-migrate.ts')],
    { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (migrated.status !== 0)
    throw new Error('npm run db:migrate failed; the services were not started');
  const kafka = ensureKafka();
  const portBase = Number(process.env.PORT_BASE || 3001);
  const secret = localJwtSecret();
  const env = (service, port) => ({
    SWC_NODE_PROJECT: path.join(root, 'tsconfig.json'),
    ...process.env,
    SERVICE_NAME: service,
    PORT: String(port),
    DATABASE_URL: serviceDatabaseUrl(databaseUrl, service),
    KAFKA_BROKERS: kafka.brokers,
    JWT_SECRET: secret,
  });
  let stopping = false;
  const supervised = services.map(([service, offset]) => {
    const port = portBase + offset;
    log(`${service}: http://localhost:${port}/${service}/docs (database role ${service}_svc)`);
    return supervise({
      name: service,
      start: () =>
        spawn(
          process.execPath,
          [...(nodeOptions[service] ?? []), '-r', tsPreload, `apps/${service}/src/main.ts`],
          { cwd: root, stdio: 'inherit', env: env(service, port) },
        ),
      isStopping: () => stopping,
      log,
    });
  });
  // The web console: one origin in front of the five services (apps/server/src/console).
  const consolePort = portBase + 5;
  log(`console: http://localhost:${consolePort}/console/`);
  supervised.push(
    supervise({
      name: 'console',
      start: () =>
        spawn(
          process.execPath,
          ['-r', '@swc-node/register', 'apps/server/src/console/gateway-main.ts'],
          {
            cwd: root,
            stdio: 'inherit',
            env: { ...env('console', consolePort), PORT_BASE: String(portBase) },
          },
        ),
      isStopping: () => stopping,
      log,
    }),
  );
  const stop = (signal) => {
    stopping = true;
    supervised.forEach((s) => s.stop(signal));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await Promise.all(supervised.map((s) => s.stopped));
  process.exit(0);
}

main().catch((error) => {
  log(error.message);
  process.exit(1);
});
