// `npm test`: everything the test suite needs, then every check. Starts PostgreSQL if it is down,
// fetches and starts a real Kafka broker (Maven Central jars), type-checks, lints, checks the
// formatting (prettier --check), looks for unused files, exports and dependencies (knip), lists
// functions over 70 lines (tools/quality/long-functions.ts), runs Jest once over all projects, and stops the broker again if
// it started it.
const { spawnSync } = require('child_process');
const { ensurePostgres, ensureKafka, stopKafka, log, root } = require('./infra');

function run(title, command, args, env = process.env) {
  log(`${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env });
  if (result.status !== 0) {
    log(`${title} failed (exit ${result.status})`);
    return false;
  }
  return true;
}

async function main() {
  const adminUrl = process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  await ensurePostgres(adminUrl);
  const kafka = ensureKafka();
  log(`Kafka at ${kafka.brokers}, PostgreSQL at ${new URL(adminUrl).host}`);
  const env = { ...process.env, KAFKA_BROKERS: kafka.brokers, TEST_PG_ADMIN_URL: adminUrl };
  const jestArgs = ['--ci', '--maxWorkers=2', ...process.argv.slice(2)];
  let ok = true;
  try {
    // Incremental: a run after a run re-checks only what changed (tmp/ is not committed).
    ok =
      run('typecheck', 'npx', [
        'tsc',
        '-p',
        'tsconfig.json',
        '--noEmit',
        '--incremental',
        '--tsBuildInfoFile',
        'tmp/typecheck.tsbuildinfo',
      ]) && ok;
    // The web console is browser code (DOM, JSX): its own compiler settings.
    ok = run('typecheck console', 'npx', ['tsc', '-p', 'apps/console/tsconfig.json']) && ok;
    ok = run('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']) && ok;
    ok = run('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']) && ok;
    ok = run('unused code', 'npx', ['knip', '--no-progress']) && ok;
    ok = run('function length', 'npm', ['run', '--silent', 'lint:functions']) && ok;
    ok = run('tests', 'npx', ['jest', ...jestArgs], env) && ok;
  } finally {
    if (kafka.startedHere) stopKafka();
  }
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  log(error.message);
  process.exit(1);
});
