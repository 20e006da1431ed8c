import { Kafka, logLevel, type Admin } from 'kafkajs';
import { sleep, type FaultBroker } from './broker';
import type { LoadClient } from './load-client';
import type { PostgresCluster } from './postgres-cluster';
import { serviceNames, type ServiceFleet, type ServiceName } from './service-fleet';

export interface ScenarioContext {
  broker: FaultBroker;
  fleet: ServiceFleet;
  /** Absent when the stack runs on the shared PostgreSQL (the CI subset). */
  postgres?: PostgresCluster;
  databaseName: string;
  client: LoadClient;
  note(line: string): void;
}

/** One row of the table: a fault applied under load, then healed (when `inject` returns). */
export interface Scenario {
  name: string;
  fault: string;
  /** Applies the fault and removes it; the load runs before, during and after. */
  inject(ctx: ScenarioContext): Promise<void>;
  /** Needs the suite's own PostgreSQL cluster. */
  needsOwnPostgres?: boolean;
  /** Replaces the load (e.g. one key sent 1,000 times); returns extra problems. */
  custom?(ctx: ScenarioContext): Promise<string[]>;
  /** Needs the broker's log directory on a tmpfs of this many MiB. */
  brokerLogTmpfsMb?: number;
  /** Needs the broker in a network namespace of its own. */
  brokerNetns?: boolean;
}

/** The services whose Kafka consumers the redelivery fault is armed in. */
const redeliverers: ServiceName[] = ['invoicing', 'payments'];

const killService = (service: ServiceName): Scenario => ({
  name: `kill-9-${service}`,
  fault: `kill -9 ${service} under load (supervisor restarts it)`,
  async inject({ fleet }) {
    fleet.kill9(service);
  },
});

const crashAt = (service: ServiceName, point: string, hit: number): Scenario => ({
  name: `crash-${service}-${point}`,
  fault: `${service} killed by FAULT_POINT=${point}:${hit} (SIGKILL at the point), then restarted`,
  async inject({ fleet }) {
    await fleet.restartWith(service, { FAULT_POINT: `${point}:${hit}` });
    await sleep(15_000);
  },
});

const proxy = (
  name: string,
  fault: string,
  act: (ctx: ScenarioContext) => Promise<void>,
): Scenario => ({
  name,
  fault,
  async inject(ctx) {
    try {
      await act(ctx);
    } finally {
      ctx.broker.proxy.mode = { kind: 'pass' };
    }
  },
});

const allScenarios: Scenario[] = [
  { name: 'baseline', fault: 'none (load only)', inject: () => sleep(5_000) },
  ...serviceNames.map(killService),
  crashAt('payments', 'relay.after-publish', 3),
  crashAt('invoicing', 'consumer.after-effect', 3),
  crashAt('payments', 'consumer.after-commit', 3),
  {
    name: 'broker-kill-25s',
    fault: 'Kafka broker kill -9, down 25 s, started again',
    async inject({ broker }) {
      await broker.kill();
      await sleep(25_000);
      await broker.start();
    },
  },
  {
    name: 'broker-down-60s',
    fault: 'Kafka broker kill -9, down 60 s, started again',
    async inject({ broker }) {
      await broker.kill();
      await sleep(60_000);
      await broker.start();
    },
  },
  {
    name: 'disk-full-broker',
    fault:
      "broker's log on a 64 MiB tmpfs filled with a ballast file for 20 s (appends fail: No space left on device), ballast removed; a broker that died or dropped its log dir is started again",
    brokerLogTmpfsMb: 64,
    async inject({ broker, note }) {
      const mark = broker.logLength();
      note(`ballast ${Math.round(broker.fillDisk() / 2 ** 20)} MiB: the log's tmpfs is full`);
      await sleep(20_000);
      broker.freeDisk();
      await restartWhenBroken(broker, mark, note);
    },
  },
  {
    name: 'netns-partition',
    fault:
      'broker in a network namespace of its own (ip netns + veth): its link cut for 20 s (packets dropped, no reset), then restored',
    brokerNetns: true,
    async inject({ broker }) {
      broker.setLink(false);
      try {
        await sleep(20_000);
      } finally {
        broker.setLink(true);
      }
    },
  },
  {
    name: 'broker-sigstop-3s',
    fault: 'Kafka broker SIGSTOP 3 s',
    async inject({ broker }) {
      broker.pause();
      await sleep(3_000);
      broker.resume();
    },
  },
  {
    name: 'broker-sigstop-45s',
    fault: 'Kafka broker SIGSTOP 45 s (a zombie past the session timeout)',
    async inject({ broker }) {
      broker.pause();
      await sleep(45_000);
      broker.resume();
    },
  },
  proxy(
    'proxy-delay-50ms',
    'TCP proxy to the broker adds 50 ms per chunk for 15 s',
    async ({ broker }) => {
      broker.proxy.mode = { kind: 'delay', delayMs: 50 };
      await sleep(15_000);
    },
  ),
  proxy(
    'proxy-delay-200ms',
    'TCP proxy to the broker adds 200 ms per chunk for 15 s',
    async ({ broker }) => {
      broker.proxy.mode = { kind: 'delay', delayMs: 200 };
      await sleep(15_000);
    },
  ),
  proxy(
    'proxy-blackhole-4s',
    'TCP proxy swallows all broker traffic for 4 s',
    async ({ broker }) => {
      broker.proxy.mode = { kind: 'blackhole' };
      await sleep(4_000);
    },
  ),
  proxy(
    'proxy-blackhole-60s',
    'TCP proxy swallows all broker traffic for 60 s',
    async ({ broker }) => {
      broker.proxy.mode = { kind: 'blackhole' };
      await sleep(60_000);
    },
  ),
  proxy(
    'proxy-reset',
    'TCP proxy resets every broker connection, 5 times 3 s apart',
    async ({ broker, note }) => {
      for (let i = 0; i < 5; i++) {
        note(`reset ${broker.proxy.resetAll()} connections`);
        await sleep(3_000);
      }
    },
  ),
  {
    name: 'postgres-crash',
    fault: 'PostgreSQL pg_ctl stop -m immediate, down 10 s, started again',
    needsOwnPostgres: true,
    async inject({ postgres }) {
      postgres!.stopImmediate();
      await sleep(10_000);
      await postgres!.start();
    },
  },
  {
    name: 'postgres-backends-killed',
    fault: 'pg_terminate_backend on every service connection every 2 s for 20 s',
    needsOwnPostgres: true,
    async inject({ postgres, databaseName, note }) {
      let killed = 0;
      for (let i = 0; i < 10; i++) {
        killed += await postgres!.terminateBackends(databaseName);
        await sleep(2_000);
      }
      note(`${killed} backends terminated`);
    },
  },
  {
    name: 'consumer-group-reset',
    fault:
      'payments stopped, its consumer groups reset to offset 0, started again (every event redelivered)',
    async inject({ broker, fleet, note }) {
      await fleet.stop('payments');
      const admin = new Kafka({
        clientId: 'fault-reset',
        brokers: [broker.brokers],
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const { groups } = await admin.listGroups();
        for (const { groupId } of groups.filter((g) => g.groupId.startsWith('payments.'))) {
          const topics = (await admin.fetchOffsets({ groupId })).map((t) => t.topic);
          for (const topic of topics) await resetWhenEmpty(admin, groupId, topic);
          note(`reset ${groupId} on ${topics.join(', ')}`);
        }
      } finally {
        await admin.disconnect();
      }
      fleet.start('payments');
    },
  },
  {
    name: 'redeliver-10pct',
    fault: `${redeliverers.join(' and ')} restarted with FAULT_REDELIVER=0.1 for 40 s under load: 10 % of the runs their consumers handled (effects committed) are sought back unresolved, so Kafka delivers those events again; then restarted without it`,
    async inject({ fleet, note }) {
      const marker = 'handed back for redelivery';
      const before = redeliverers.map((s) => fleet.countLogLines(s, marker));
      for (const service of redeliverers)
        await fleet.restartWith(service, { FAULT_REDELIVER: '0.1' });
      await sleep(40_000);
      for (const service of redeliverers) await fleet.restartWith(service, {});
      const handedBack = redeliverers.map((s, i) => fleet.countLogLines(s, marker) - before[i]!);
      note(
        `runs delivered again: ${redeliverers.map((s, i) => `${s} ${handedBack[i]}`).join(', ')}`,
      );
      if (handedBack.every((n) => n === 0))
        throw new Error('no run was delivered again: the fault did not happen');
    },
  },
  {
    name: 'hot-stream-50-writers',
    fault:
      "50 invoices of one account issued at once: 50 writers on the year's invoice numbering series (one hot stream)",
    inject: () => Promise.resolve(),
    async custom({ client, note }) {
      const { issues, firstAnswers } = await client.hotStream(50);
      const tally = new Map<number, number>();
      for (const status of firstAnswers) tally.set(status, (tally.get(status) ?? 0) + 1);
      note(`first answers ${JSON.stringify(Object.fromEntries(tally))}`);
      const problems: string[] = [];
      const unanswered = tally.get(0) ?? 0;
      if (unanswered > 0) problems.push(`${unanswered} issues got no answer within 60 s`);
      const failed = firstAnswers.filter((s) => s >= 500).length;
      if (failed > 0) problems.push(`${failed} issues answered 5xx`);
      const open = issues.filter((c) => c.outcome !== 'ok');
      if (open.length > 0)
        problems.push(
          `${open.length} issues not issued in the end (${open.map((c) => c.outcome).join(', ')})`,
        );
      const numbers = issues.map((c) => c.answer?.['number']).filter((n) => n !== undefined);
      if (new Set(numbers).size !== numbers.length)
        problems.push(
          `numbers given twice: ${numbers.length} answers, ${new Set(numbers).size} numbers`,
        );
      return problems;
    },
  },
  {
    name: 'same-key-1000',
    fault: 'one Idempotency-Key sent 1,000 times at once, one copy with a changed body',
    inject: () => Promise.resolve(),
    async custom({ client, note }) {
      const { command, answers, changedStatus, changedError } = await client.sameKeyStorm(1_000);
      note(
        `answers ${JSON.stringify(Object.fromEntries(answers))}, changed body ${changedStatus} ${changedError}`,
      );
      const problems: string[] = [];
      for (const status of answers.keys())
        if (status !== 201 && status !== 409)
          problems.push(`a copy of the same request answered ${status}`);
      if (changedStatus !== 422 && changedStatus !== 409)
        problems.push(`the changed body answered ${changedStatus}, not 422`);
      if (command.outcome !== 'ok')
        problems.push(`the command never got a definite answer (${command.outcome})`);
      return problems;
    },
  },
];

/**
 * After a full disk: a broker that died is started again, and so is one that dropped its only log
 * directory (it never takes a failed directory back while it runs), as a supervisor would.
 */
async function restartWhenBroken(
  broker: FaultBroker,
  mark: number,
  note: (line: string) => void,
): Promise<void> {
  if (!broker.alive()) {
    note('the broker died on the full disk; started again');
    await broker.start();
  } else if (broker.lostLogDirSince(mark)) {
    note('the broker dropped its log dir on the full disk; restarted');
    await broker.kill();
    await broker.start();
  } else note('the broker rode through the full disk');
}

/**
 * Resets a group's offsets once the group is empty: members of a stopped process stay until they
 * leave or their session times out, and Kafka refuses a reset while any is there.
 */
async function resetWhenEmpty(admin: Admin, groupId: string, topic: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await admin.resetOffsets({ groupId, topic, earliest: true });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1_000);
    }
  }
}

/** Two instances of every service: one of each killed and started again under load. */
export const scaleOutScenario: Scenario = {
  name: 'scale-out-rebalance',
  fault:
    'two instances of every service; instance #1 of each killed -9 under load, restarted (rebalance)',
  async inject({ fleet }) {
    for (const service of serviceNames) fleet.kill9(service, 1);
    await sleep(5_000);
  },
};

/** In the order they run: the most telling first, so a short run still covers them. */
const order = [
  'kill-9-payments',
  'broker-kill-25s',
  'broker-down-60s',
  'redeliver-10pct',
  'hot-stream-50-writers',
  'disk-full-broker',
  'netns-partition',
  'crash-payments-relay.after-publish',
  'postgres-crash',
  'kill-9-invoicing',
  'broker-sigstop-3s',
  'proxy-blackhole-4s',
  'proxy-reset',
  'consumer-group-reset',
  'same-key-1000',
  'postgres-backends-killed',
  'crash-invoicing-consumer.after-effect',
  'crash-payments-consumer.after-commit',
  'proxy-delay-200ms',
  'broker-sigstop-45s',
  'proxy-blackhole-60s',
  'proxy-delay-50ms',
  'kill-9-collections',
  'kill-9-disputes',
  'kill-9-ledger',
  'baseline',
];

export const scenarios: Scenario[] = order.map((name) => {
  const scenario = allScenarios.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return scenario;
});
