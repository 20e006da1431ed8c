// Benchmark (not a test): the local stack under an open-loop mix of commands and queries, step by
// step, latency per hop from each command's scheduled time. `npm run bench:e2e`; every knob is an
// environment variable (bench/e2e/config.ts), e.g. a short run:
//   E2E_RATES=50,100 E2E_STEP_S=20 E2E_WARMUP_S=5 E2E_ACCOUNTS=200 npm run bench:e2e
// Writes bench/results/e2e.{json,md}. Starts scripts/start-stack.js on PORT_BASE (default 4800),
// its own broker (E2E_KAFKA_PORT, default 9260) unless KAFKA_BROKERS is set, and a fresh database
// (dropped at the end) unless DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { machineContext } from '../shared/latency';
import { StackClient } from './client';
import { e2eConfigFromEnv, type E2eConfig } from './config';
import { bareInsert, kafkaAlone } from './context-rows';
import { hopSummaries, KafkaWatcher } from './hops';
import { writeE2eResults, type StepResult } from './report';
import { cpuSeconds, startStack, type Stack } from './stack';
import { runStep } from './step';
import { Workload } from './workload';

function progress(entry: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

async function withServer<T>(databaseUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Runs `count` calls, `concurrency` at a time (setup, not measured). */
async function inParallel(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

async function setUp(workload: Workload, config: E2eConfig): Promise<void> {
  await inParallel(config.accounts, 16, () => workload.openAccount());
  progress({ phase: 'accounts opened', accounts: workload.accounts.length });
  await inParallel(config.setupInvoices, 16, () => workload.draftIssue(Date.now(), false));
  progress({ phase: 'invoices issued', invoices: config.setupInvoices });
}

async function measureSteps(
  stack: Stack,
  workload: Workload,
  watcher: KafkaWatcher,
  config: E2eConfig,
) {
  const steps: StepResult[] = [];
  for (const rate of config.rates) {
    const pids = stack.pids();
    const cpuBefore = cpuSeconds(pids);
    const started = performance.now();
    const run = await runStep(workload, rate, config.stepSeconds);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(pids);
    const cpuPercent = Object.fromEntries(
      [...cpuAfter].map(([name, after]) => [
        name,
        Math.round(((after - (cpuBefore.get(name) ?? 0)) / seconds) * 1000) / 10,
      ]),
    );
    await new Promise((r) => setTimeout(r, 2_000)); // the watcher's last records
    const hops = await hopSummaries(config.databaseUrl, run.traced, watcher);
    const { traced, ...rest } = run;
    const step: StepResult = {
      ...rest,
      tracedCount: traced.length,
      endToEndMs: hops.visible,
      hops,
      cpuPercent,
    };
    steps.push(step);
    progress({
      phase: 'step',
      offeredRate: rate,
      achievedRate: run.achievedRate,
      commandMs: run.commandMs,
      endToEndMs: hops.visible,
    });
    if (hops.visible.p99 > config.p99StopMs || step.commandMs.p99 > config.p99StopMs) {
      progress({ phase: 'stopped', reason: `p99 above ${config.p99StopMs} ms at ${rate}/s` });
      break;
    }
  }
  return steps;
}

async function main(): Promise<void> {
  const config = e2eConfigFromEnv();
  const ownDatabase = !process.env['DATABASE_URL'];
  if (ownDatabase) {
    const url = new URL(config.databaseUrl);
    url.pathname = `/bench_e2e_${randomBytes(3).toString('hex')}`;
    config.databaseUrl = url.toString();
    await withServer(config.databaseUrl, (admin) =>
      admin.query(`CREATE DATABASE ${url.pathname.slice(1)}`),
    );
  }
  const topicSuffix = `.e2e-${randomBytes(3).toString('hex')}`;
  const before = machineContext();
  progress({
    phase: 'starting the stack',
    portBase: config.portBase,
    database: config.databaseUrl,
  });
  const stack = await startStack(config, topicSuffix);
  const watcher = new KafkaWatcher();
  try {
    const workload = new Workload(await StackClient.create(stack), config);
    await watcher.start(stack.brokers, topicSuffix);
    await setUp(workload, config);
    if (config.warmupSeconds > 0)
      await runStep(workload, Math.max(1, config.rates[0]! / 2), config.warmupSeconds);
    progress({ phase: 'warmed up' });
    const steps = await measureSteps(stack, workload, watcher, config);
    // The steps are written first: a context row that fails must not lose them.
    const machine = () => ({ before, after: machineContext() });
    let files = await writeE2eResults(config, steps, undefined, machine());
    if (config.contextRows) {
      const context = {
        kafka: await kafkaAlone(stack.brokers, topicSuffix).catch((e: Error) => ({
          error: e.message,
        })),
        postgres: await bareInsert(config.databaseUrl).catch((e: Error) => ({ error: e.message })),
      };
      files = await writeE2eResults(config, steps, context, machine());
    }
    progress({ phase: 'written', files });
  } finally {
    await watcher.stop().catch(() => undefined);
    await stack.stop();
    if (ownDatabase && !process.env['E2E_KEEP_DB']) {
      const name = new URL(config.databaseUrl).pathname.slice(1);
      await withServer(config.databaseUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
