// A process that claims an Idempotency-Key and then hangs, as a service killed mid-request would:
// the idempotency test kills it with SIGKILL and expects the claim to be free at once.
import { Pool } from 'pg';
import { PostgresIdempotencyStore } from '../../src/idempotency/postgres-idempotency-store.adapter';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  pool.on('error', () => undefined);
  const store = new PostgresIdempotencyStore(pool);
  const begun = await store.begin(
    { scope: 'invoicing', key: 'killed', fingerprint: 'f1' },
    { ttlMs: 60_000, leaseMs: 3_600_000 },
  );
  process.stdout.write(`${begun.outcome}\n`);
  setInterval(() => undefined, 60_000); // the request "runs" until the process is killed
}

void main();
