// A relay as a separate process, for the crash test: it runs until killed, or until caught up when
// RELAY_EXIT_WHEN_CAUGHT_UP=1. Started with `node -r @swc-node/register`.
import { createPostgresEventStore } from '@billing/event-store';
import { createJsonLogger, createRelay } from '../../src';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const store = createPostgresEventStore({ connectionString: env('DATABASE_URL') });
  const relay = createRelay({
    store,
    brokers: env('KAFKA_BROKERS').split(','),
    service: 'invoicing',
    topic: env('RELAY_TOPIC'),
    categories: [env('RELAY_CATEGORY')],
    subscriptionId: env('RELAY_SUBSCRIPTION_ID'),
    batchSizeMax: 50,
    logger: createJsonLogger('relay-crash-test'),
  });
  await relay.start();
  if (process.env['RELAY_EXIT_WHEN_CAUGHT_UP'] === '1') {
    await relay.caughtUp();
    await relay.stop();
    await store.close();
    return;
  }
  await relay.done();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', message: 'relay process failed', reason: error.message })}\n`,
    );
    process.exit(1);
  },
);
