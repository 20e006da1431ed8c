// One member of a consumer group as a separate process, for the member-crash test: it runs until
// SIGKILLed, recording each event's effect with its member name. Started with
// `node -r @swc-node/register`.
import { Pool } from 'pg';
import { createIdempotentConsumer, createJsonLogger } from '../../src';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 2 });
  pool.on('error', () => undefined); // a dropped idle connection is replaced by the pool
  const member = env('MEMBER_NAME');
  const handleMs = Number(env('HANDLE_MS'));
  const consumer = createIdempotentConsumer({
    brokers: env('KAFKA_BROKERS').split(','),
    groupId: env('GROUP_ID'),
    topics: [env('TOPIC')],
    pool,
    retryCountMax: 2,
    logger: createJsonLogger(`member-${member}`),
    handle: async (event, tx) => {
      // A slow effect, so the member is killed with work in hand.
      await new Promise((resolve) => setTimeout(resolve, handleMs));
      await tx.query('INSERT INTO effects (event_id, member) VALUES ($1, $2)', [
        event.eventId,
        member,
      ]);
    },
  });
  await consumer.start();
  await new Promise(() => undefined); // until killed
}

main().catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', message: 'consumer process failed', reason: error.message })}\n`,
  );
  process.exit(1);
});
