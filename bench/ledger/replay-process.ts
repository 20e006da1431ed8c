// Times one account's as-of replays in a process of its own, as the ledger service answers them:
// run by bench/ledger/run.ts with its node flags; prints the times as one JSON line on stdout.
// Arguments: <database url> <billing account id> <position> <repeats>.
import { Pool } from 'pg';
import { pgExecutor } from '@billing/event-store';
import { timeReplays } from './replay-timing';

async function main(): Promise<void> {
  const [url, billingAccountId, position, repeats] = process.argv.slice(2);
  if (!url || !billingAccountId || !position || !repeats)
    throw new Error('usage: replay-process <database url> <account> <position> <repeats>');
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  try {
    const times = await timeReplays(
      pgExecutor(pool),
      billingAccountId,
      Number(position),
      Number(repeats),
    );
    process.stdout.write(`${JSON.stringify(times)}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
