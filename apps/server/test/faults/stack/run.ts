// `npm run test:faults`: the real-process layer of the fault suite. Starts its own Kafka broker
// (behind a TCP proxy, port 9180), its own PostgreSQL cluster (5540) and every service as its own
// process (ports 4400+), runs each scenario under load, checks, and writes bench/results/faults.*
// (see stackPlacement for the environment that moves ports, database and results).
// Options: --only a,b (scenario names), --seed N, --scale-out (adds the two-instance scenario),
// --append (keeps the rows of bench/results/faults.json, replacing those run again).
import 'reflect-metadata';
import * as path from 'node:path';
import {
  earlierRows,
  resultsDir,
  runScenario,
  startFaultStack,
  writeResults,
  type FaultStack,
  type RunOptions,
  type ScenarioRow,
} from './fault-run';
import { scaleOutScenario, scenarios } from './scenarios';

const runOptions: RunOptions = {
  concurrency: 4,
  pauseMs: 150,
  leadMs: 4_000,
  tailMs: 0,
  healWithinSeconds: 60,
  cli: true,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seed = Number(
    flag('--seed') ?? process.env['FAULT_SEED'] ?? Math.floor(Math.random() * 2 ** 31),
  );
  const only = flag('--only')?.split(',');
  const chosen = scenarios.filter((s) => !only || only.includes(s.name));
  const withScaleOut = args.includes('--scale-out') || only?.includes(scaleOutScenario.name);
  process.stderr.write(
    `[faults] seed ${seed}; scenarios: ${chosen.map((s) => s.name).join(', ')}${withScaleOut ? ', scale-out-rebalance' : ''}\n`,
  );
  const rows: ScenarioRow[] = [];
  const earlier = args.includes('--append') ? earlierRows() : [];
  const workDir = path.join('/tmp', `billing-faults-${seed}`);
  const stackAt = { ...stackPlacement(), seed };
  // Scale-out first: item 4 of the issue, and its ten processes start best on a quiet machine.
  if (withScaleOut) {
    const stack = await startFaultStack({ ...stackAt, instances: 2, workDir: `${workDir}-scale` });
    closeOnSignal(stack);
    try {
      rows.push(await runScenario(stack, scaleOutScenario, runOptions));
      writeResults(rows, seed, earlier);
    } finally {
      await stack.close();
    }
  }
  if (chosen.length > 0) {
    const brokerLogTmpfsMb = chosen.find((s) => s.brokerLogTmpfsMb)?.brokerLogTmpfsMb;
    const stack = await startFaultStack({
      ...stackAt,
      workDir,
      ...(brokerLogTmpfsMb ? { brokerLogTmpfsMb } : {}),
      ...(chosen.some((s) => s.brokerNetns) ? { brokerNetns: true } : {}),
    });
    closeOnSignal(stack);
    try {
      for (const scenario of chosen) {
        rows.push(await runScenario(stack, scenario, runOptions));
        writeResults(rows, seed, earlier);
      }
    } finally {
      await stack.close();
    }
  }
  const table = writeResults(rows, seed, earlier);
  process.stdout.write(
    `${table}\nlogs and histories: ${workDir}\nresults: ${path.join(resultsDir, 'faults.{json,md}')}\n`,
  );
  process.exit(rows.every((r) => r.verdict === 'pass') ? 0 : 1);
}

/**
 * Ports and database of the run: the suite's defaults, or (on a machine shared with other runs)
 * FAULT_KAFKA_PORT, FAULT_PORT_BASE, FAULT_PG_PORT (the own cluster's), FAULT_DB_PREFIX and, for
 * a database on a running server instead of an own cluster, FAULT_ADMIN_URL (scenarios that crash
 * PostgreSQL need the cluster). FAULT_RESULTS_DIR moves the results (default bench/results).
 */
function stackPlacement() {
  const env = process.env;
  const adminUrl = env['FAULT_ADMIN_URL'];
  return {
    kafkaPort: Number(env['FAULT_KAFKA_PORT'] ?? 9180),
    portBase: Number(env['FAULT_PORT_BASE'] ?? 4400),
    ...(adminUrl ? { adminUrl } : { postgresPort: Number(env['FAULT_PG_PORT'] ?? 5540) }),
    ...(env['FAULT_DB_PREFIX'] ? { databasePrefix: env['FAULT_DB_PREFIX'] } : {}),
  };
}

/** Ctrl-C or SIGTERM stops the services, the broker and the cluster this run started. */
function closeOnSignal(stack: FaultStack): void {
  const close = () => {
    void stack.close().finally(() => process.exit(130));
  };
  process.removeAllListeners('SIGINT').removeAllListeners('SIGTERM');
  process.once('SIGINT', close).once('SIGTERM', close);
}

main().catch((error) => {
  process.stderr.write(`[faults] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
