import * as os from 'node:os';
import * as path from 'node:path';
import { runScenario, startFaultStack, type FaultStack, type RunOptions } from './stack/fault-run';
import { scenarios, type Scenario } from './stack/scenarios';
import { FaultBroker, sleep } from './stack/broker';

jest.setTimeout(300_000);

/**
 * The short seeded subset of `npm run test:faults` that CI runs: invoicing and payments as their
 * own processes on a Kafka broker of this test's own (port 9190, it is killed) and a database on
 * the shared PostgreSQL; a broker kill and a service kill under load, each checked by the same
 * checker (nothing lost, nothing doubled, store = Kafka = every inbox, lags back to 0).
 */
const seed = Number(process.env['FAULT_SEED'] ?? 20261207);
// Lost and doubled are strict; the heal bound is wider than test:faults' 60 s because CI runs this
// beside every other suite on two cores, where a restarted service alone takes half a minute.
const options: RunOptions = {
  concurrency: 3,
  pauseMs: 100,
  leadMs: 3_000,
  tailMs: 0,
  healWithinSeconds: 180,
  cli: false,
};

const brokerKill: Scenario = {
  name: 'broker-kill-10s',
  fault: 'Kafka broker kill -9, down 10 s, started again',
  async inject({ broker }: { broker: FaultBroker }) {
    await broker.kill();
    await sleep(10_000);
    await broker.start();
  },
};

describe(`faults on real processes (seed ${seed})`, () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack({
      kafkaPort: 9190,
      adminUrl: process.env['TEST_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      portBase: 4450,
      services: ['invoicing', 'payments'],
      workDir: path.join(os.tmpdir(), `billing-faults-ci-${seed}`),
      seed,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([brokerKill, scenarios.find((s) => s.name === 'kill-9-payments')!])(
    '$name: nothing lost, nothing doubled, healed without a human',
    async (scenario) => {
      const row = await runScenario(stack, scenario, options);
      expect(row.problems).toEqual([]);
      expect(row.acknowledged).toBeGreaterThan(0);
      expect({ lost: row.lost, doubled: row.doubled }).toEqual({ lost: 0, doubled: 0 });
      expect(row.healSeconds).not.toBeNull();
    },
  );
});
