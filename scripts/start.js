// `npm start`: brings up the local infrastructure (PostgreSQL, a Kafka broker from Maven Central
// jars), applies the database migrations and reports what is up. Later issues make it start the
// services themselves.
const { spawnSync } = require('child_process');
const { ensurePostgres, ensureKafka, log, root } = require('./infra');

async function main() {
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/billing';
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  await ensurePostgres(server.toString());
  const kafka = ensureKafka();
  const migrated = spawnSync('npm', ['run', '-s', 'db:migrate'], { stdio: 'inherit', cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });
  if (migrated.status !== 0) process.exit(1);
  log(`up: Kafka at ${kafka.brokers}; PostgreSQL database ${databaseUrl}`);
  log('stop the broker with: npm run kafka:stop');
}

main().catch((error) => {
  log(error.message);
  process.exit(1);
});
