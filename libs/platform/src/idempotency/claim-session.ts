import { Client, type Pool } from 'pg';
import type { Queryable } from './postgres-idempotency-store.adapter';

/**
 * Where an Idempotency-Key claim lives while its request runs: a session-level advisory lock on
 * one database connection of this process. When the process dies, the server closes that
 * connection and releases every lock on it at once, so another instance may take over the claim
 * immediately instead of waiting out a lease.
 */
export interface ClaimSession {
  /** True when this process now holds `lockKey` (nobody alive held it). */
  tryLock(lockKey: string): Promise<boolean>;
  unlock(lockKey: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The two-key form keeps these locks apart from the event store's (one-key) stream locks; the
 * first key names the idempotency claims ('idem' in ASCII).
 */
const lockSpace = 0x6964656d;
const tryLockSql = 'SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS locked';
const unlockSql = 'SELECT pg_advisory_unlock($1::int, hashtext($2)) AS unlocked';

/** Locks on `db` itself: for a one-connection database (PGlite), where the process is the session. */
export function sameConnectionClaimSession(db: Queryable): ClaimSession {
  return {
    tryLock: async (lockKey) => {
      const { rows } = await db.query<{ locked: boolean }>(tryLockSql, [lockSpace, lockKey]);
      return rows[0]?.locked === true;
    },
    unlock: async (lockKey) => {
      await db.query(unlockSql, [lockSpace, lockKey]);
    },
    close: async () => undefined,
  };
}

/**
 * Locks on one dedicated connection, opened on first use with the pool's settings and opened
 * again after it breaks (a database restart drops the locks with it; in-flight requests then
 * finish unguarded, and their event ids, derived from the key, keep a retry from writing twice).
 */
export function dedicatedClaimSession(pool: Pool): ClaimSession {
  let client: Promise<Client> | undefined;
  const connection = (): Promise<Client> => {
    client ??= (async () => {
      const opened = new Client({ ...pool.options, application_name: 'idempotency-claims' });
      const forget = () => {
        client = undefined;
      };
      opened.on('error', forget); // the server closed it: its locks are gone, open anew
      opened.on('end', forget);
      try {
        await opened.connect();
      } catch (error) {
        forget();
        throw error;
      }
      return opened;
    })();
    return client;
  };
  return {
    tryLock: async (lockKey) => {
      const { rows } = await (
        await connection()
      ).query<{ locked: boolean }>(tryLockSql, [lockSpace, lockKey]);
      return rows[0]?.locked === true;
    },
    unlock: async (lockKey) => {
      await (await connection()).query(unlockSql, [lockSpace, lockKey]);
    },
    close: async () => {
      const open = client;
      client = undefined;
      await (await open)?.end();
    },
  };
}
