import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { mintToken } from '@billing/platform';
import { Prng } from '../prng';
import { FaultBroker, sleep } from './broker';
import { Checker, type Verdict } from './checker';
import { LoadClient } from './load-client';
import { PostgresCluster } from './postgres-cluster';
import type { Scenario, ScenarioContext } from './scenarios';
import { ServiceFleet, type ServiceName } from './service-fleet';

const root = path.resolve(__dirname, '../../../../..');
const jwtSecret = 'fault-suite-secret-of-at-least-32-chars';

export interface StackOptions {
  /** Kafka proxy port; the broker takes +1 (controller) and +2 (listener). */
  kafkaPort: number;
  /** Own PostgreSQL cluster on this port; absent: a database on `adminUrl`. */
  postgresPort?: number;
  adminUrl?: string;
  /** Prefix of the run's database name (default `billing_faults`). */
  databasePrefix?: string;
  portBase: number;
  instances?: number;
  services?: readonly ServiceName[];
  workDir: string;
  seed: number;
  /** The broker's log directory on a tmpfs of this many MiB (the disk-full scenario). */
  brokerLogTmpfsMb?: number;
  /** The broker in a network namespace of its own (the partition scenario). */
  brokerNetns?: boolean;
}

export interface FaultStack {
  broker: FaultBroker;
  postgres?: PostgresCluster;
  fleet: ServiceFleet;
  databaseUrl: string;
  databaseName: string;
  token: string;
  prng: Prng;
  workDir: string;
  close(): Promise<void>;
}

/** The local stack of the suite's own: broker, (PostgreSQL,) every service as its own process. */
export async function startFaultStack(options: StackOptions): Promise<FaultStack> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const broker = new FaultBroker(options.kafkaPort, {
    ...(options.brokerLogTmpfsMb ? { logTmpfsMb: options.brokerLogTmpfsMb } : {}),
    ...(options.brokerNetns ? { netns: true } : {}),
  });
  await broker.startFresh();
  let postgres: PostgresCluster | undefined;
  const databaseName = `${options.databasePrefix ?? 'billing_faults'}_${options.seed}_${Date.now() % 100_000}`;
  let databaseUrl: string;
  if (options.postgresPort) {
    postgres = new PostgresCluster(options.postgresPort);
    await postgres.startFresh();
    databaseUrl = await postgres.createDatabase(databaseName);
  } else {
    const admin = new Client({ connectionString: options.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${databaseName}"`);
    await admin.end();
    const url = new URL(options.adminUrl!);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
  }
  const fleet = new ServiceFleet({
    portBase: options.portBase,
    databaseUrl,
    brokers: broker.brokers,
    jwtSecret,
    logDir: options.workDir,
    instances: options.instances ?? 1,
    ...(options.services ? { services: options.services } : {}),
  });
  await fleet.startAll();
  const token = await mintToken({
    sub: 'fault-client',
    roles: ['billing-clerk', 'billing-manager'],
    secret: jwtSecret,
    ttl: 11 * 3_600, // a whole run on one stack; main caps tokens at 12 h
  });
  return {
    broker,
    postgres,
    fleet,
    databaseUrl,
    databaseName,
    token,
    prng: new Prng(options.seed),
    workDir: options.workDir,
    async close() {
      await fleet.stopAll();
      await broker.close();
      if (postgres) postgres.close();
      else {
        const admin = new Client({ connectionString: options.adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

export interface ScenarioRow extends Verdict {
  scenario: string;
  fault: string;
  verdict: 'pass' | 'fail';
  notes: string[];
}

export interface RunOptions {
  /** Load: workers and their pause between two commands. */
  concurrency: number;
  pauseMs: number;
  /** Load before the fault and after the heal. */
  leadMs: number;
  tailMs: number;
  healWithinSeconds: number;
  cli: boolean;
}

/** One scenario: load, fault, heal, drain, then the checker. */
export async function runScenario(
  stack: FaultStack,
  scenario: Scenario,
  options: RunOptions,
): Promise<ScenarioRow> {
  const notes: string[] = [];
  const note = (line: string) => {
    notes.push(line);
    process.stderr.write(`[faults] ${scenario.name}: ${line}\n`);
  };
  stack.fleet.resetExitCounts();
  const historyFile = path.join(stack.workDir, `history-${scenario.name}.jsonl`);
  fs.rmSync(historyFile, { force: true });
  const client = new LoadClient(
    { invoicing: stack.fleet.urls('invoicing'), payments: stack.fleet.urls('payments') },
    stack.token,
    historyFile,
    stack.prng,
  );
  await client.openAccounts(3);
  const ctx: ScenarioContext = {
    broker: stack.broker,
    fleet: stack.fleet,
    postgres: stack.postgres,
    databaseName: stack.databaseName,
    client,
    note,
  };
  const extra: string[] = [];
  let healedAt: number;
  if (scenario.custom) {
    extra.push(...(await scenario.custom(ctx)));
    healedAt = Date.now();
  } else {
    let stopLoad = false;
    const load = client.runUntil(() => stopLoad, options.concurrency, options.pauseMs);
    await sleep(options.leadMs);
    note('fault on');
    await scenario.inject(ctx).catch((error: Error) => {
      extra.push(`the scenario itself failed: ${error.message}`);
    });
    healedAt = Date.now();
    note('fault off');
    await sleep(options.tailMs);
    stopLoad = true;
    await load;
  }
  const stillUnknown = await client.resolveUnknown(90_000);
  if (stillUnknown > 0) {
    const open = client.commands.filter((c) => c.outcome === 'unknown');
    extra.push(
      `${stillUnknown} commands without a definite answer 90 s after the heal (${open
        .slice(0, 5)
        .map((c) => `${c.kind} ${c.id}: ${c.lastAttempt ?? 'never sent'}`)
        .join('; ')})`,
    );
  }
  const checker = new Checker({
    databaseUrl: stack.databaseUrl,
    brokers: stack.broker.brokers,
    fleet: stack.fleet,
    healWithinSeconds: options.healWithinSeconds,
    cli: options.cli,
  });
  const verdict = await checker.check(client.commands, healedAt);
  verdict.problems.push(...extra);
  const row: ScenarioRow = {
    scenario: scenario.name,
    fault: scenario.fault,
    ...verdict,
    verdict: verdict.problems.length === 0 ? 'pass' : 'fail',
    notes,
  };
  note(
    `${row.verdict}: ${row.commands} commands, ${row.acknowledged} ok, ${row.lost} lost, ${row.doubled} doubled, healed in ${row.healSeconds ?? '-'} s${row.problems.length ? `; ${row.problems.join('; ')}` : ''}`,
  );
  return row;
}

/**
 * Where the results go: bench/results, or FAULT_RESULTS_DIR (a run beside another one, whose
 * results it must not overwrite).
 */
export const resultsDir = path.resolve(
  root,
  process.env['FAULT_RESULTS_DIR'] ?? path.join(root, 'bench/results'),
);

/** Rows of an earlier run kept by `--append` (a scenario run again replaces its row). */
export function earlierRows(): ScenarioRow[] {
  const file = path.join(resultsDir, 'faults.json');
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: ScenarioRow[] }).rows;
}

export function writeResults(
  rows: ScenarioRow[],
  seed: number,
  earlier: ScenarioRow[] = [],
): string {
  rows = [...earlier.filter((e) => !rows.some((r) => r.scenario === e.scenario)), ...rows];
  const dir = resultsDir;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'faults.json'),
    `${JSON.stringify({ seed, ranAt: new Date().toISOString(), rows }, null, 2)}\n`,
  );
  const lines = [
    '# Fault suite: real processes (`npm run test:faults`)',
    '',
    `Seed ${seed}, ${new Date().toISOString()}. Each row: load on the local stack (every service its own process, the suite's own Kafka broker and PostgreSQL), the fault, the heal, then one checker (see apps/server/test/faults/README.md).`,
    '',
    '| scenario | fault | commands | acknowledged | lost | doubled | time to heal (s) | verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.fault} | ${r.commands} | ${r.acknowledged} | ${r.lost} | ${r.doubled} | ${r.healSeconds ?? 'not healed'} | ${r.verdict}${r.problems.length ? `: ${r.problems.slice(0, 3).join('; ').replace(/\|/g, '/')}` : ''} |`,
    ),
    '',
  ];
  const table = lines.join('\n');
  fs.writeFileSync(path.join(dir, 'faults.md'), table);
  return table;
}
