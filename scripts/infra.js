// Brings up what tests and the local stack need on this machine: PostgreSQL reachable, Kafka from
// Maven Central jars. Plain Node (no TypeScript) so it runs before anything is compiled.
const { spawnSync } = require('child_process');
const path = require('path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');

function log(message) {
  process.stderr.write(`[infra] ${message}\n`);
}

async function postgresReachable(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Makes sure the PostgreSQL server answers; starts the local Debian cluster if it is down. */
async function ensurePostgres(url) {
  if (await postgresReachable(url)) return;
  log(`PostgreSQL at ${new URL(url).host} does not answer; trying to start the local cluster`);
  const versions = spawnSync('bash', ['-c', 'ls /etc/postgresql 2>/dev/null'], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean);
  for (const version of versions) {
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
      stdio: 'inherit',
    });
  }
  for (let i = 0; i < 30; i++) {
    if (await postgresReachable(url)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(
    `PostgreSQL is not reachable at ${new URL(url).host}; start it or set TEST_PG_ADMIN_URL / DATABASE_URL`,
  );
}

/** Starts (or reuses) the local broker; returns its bootstrap address once it serves groups. */
function ensureKafka() {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, startedHere: false };
  const running =
    spawnSync('bash', [path.join(root, 'infra/kafka/status.sh')], { encoding: 'utf8' }).status ===
    0;
  const result = spawnSync('bash', [path.join(root, 'infra/kafka/start.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error('Kafka broker could not be started (see the lines above)');
  const brokers = result.stdout.trim().split('\n').pop();
  // Bounded: the probe itself gives up after 90 s; this guards against a probe that never exits.
  const probe = spawnSync(process.execPath, [path.join(__dirname, 'kafka-ready.js'), brokers], {
    stdio: 'inherit',
    timeout: 150_000,
  });
  if (probe.status !== 0)
    throw new Error(`Kafka at ${brokers} started but does not serve consumer groups`);
  return { brokers, startedHere: !running };
}

function stopKafka() {
  spawnSync('bash', [path.join(root, 'infra/kafka/stop.sh')], { stdio: 'inherit' });
}

module.exports = { ensurePostgres, ensureKafka, stopKafka, log, root };
