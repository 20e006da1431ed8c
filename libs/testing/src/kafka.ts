import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

export interface TestKafka {
  /** Bootstrap addresses, e.g. ['127.0.0.1:9092']. */
  brokers: string[];
  /** A topic name no other suite uses: `test.<prefix>.<random>`. */
  uniqueTopic(prefix: string): string;
}

const workspaceRoot = path.resolve(__dirname, '../../..');
let cached: TestKafka | undefined;

/**
 * Gives a suite a real Kafka broker: `KAFKA_BROKERS` when set, otherwise the local single-node
 * broker from `infra/kafka/start.sh` (started if needed, reused if running; port from `KAFKA_PORT`).
 * There is no fallback to a fake: when no broker can be had, this throws and says why.
 */
export function getTestKafka(): TestKafka {
  if (cached) return cached;
  const brokers = process.env['KAFKA_BROKERS']
    ?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  cached = {
    brokers: brokers && brokers.length > 0 ? brokers : [startLocalBroker()],
    uniqueTopic: (prefix) => `test.${prefix}.${randomBytes(4).toString('hex')}`,
  };
  return cached;
}

function startLocalBroker(): string {
  const script = path.join(workspaceRoot, 'infra/kafka/start.sh');
  const result = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: process.env,
    timeout: 180_000,
  });
  const address = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !/^[\w.-]+:\d+$/.test(address)) {
    throw new Error(
      `No Kafka broker for this test: KAFKA_BROKERS is not set and ${script} failed ` +
        `(exit ${String(result.status)}${result.error ? `, ${result.error.message}` : ''}).\n` +
        `It needs Java 17+ and Maven with access to Maven Central.\n${result.stderr}`,
    );
  }
  // A fresh broker answers on its port before its group coordinator is ready; wait for that too.
  const probe = spawnSync(
    process.execPath,
    [path.join(workspaceRoot, 'scripts/kafka-ready.js'), address],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (probe.status !== 0) {
    throw new Error(
      `Kafka at ${address} started but does not serve consumer groups:\n${probe.stderr}`,
    );
  }
  return address;
}
