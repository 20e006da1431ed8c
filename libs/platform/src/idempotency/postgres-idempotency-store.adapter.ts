import { systemClock, type Clock } from '@billing/kernel';
import type { Pool } from 'pg';
import {
  dedicatedClaimSession,
  sameConnectionClaimSession,
  type ClaimSession,
} from './claim-session';
import type {
  BeginOptions,
  BeginOutcome,
  IdempotencyKeyRef,
  IdempotencyStore,
  StoredResponse,
} from './idempotency-store.port';

/** A `pg` Pool or Client: anything that runs a parameterised query. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A purge or a deleted record between our two statements is retried this often at most. */
const beginAttemptsMax = 3;

export interface PostgresIdempotencyStoreOptions {
  /**
   * Where claims are held while their request runs. Default: a dedicated connection when `db` is
   * a pg Pool, else `db` itself (PGlite's one connection).
   */
  session?: ClaimSession;
}

/**
 * Idempotency records in `platform.idempotency_keys` (migration set `platform`). A request claims
 * its key with a session advisory lock (see ClaimSession) and then the row: the lock says "a live
 * process is handling this key", so a claim whose process died (its connection closed, its lock
 * released by the server) is taken over at once, and two racing requests never both run the
 * handler. The row keeps the fingerprint and, once done, the response to replay.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly session: ClaimSession;
  /** Keys claimed by this process: a session lock is re-entrant, so it cannot tell them apart. */
  private readonly held = new Set<string>();

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock = systemClock,
    options: PostgresIdempotencyStoreOptions = {},
  ) {
    this.session =
      options.session ?? (isPool(db) ? dedicatedClaimSession(db) : sameConnectionClaimSession(db));
  }

  async begin(ref: IdempotencyKeyRef, options: BeginOptions): Promise<BeginOutcome> {
    const lockKey = lockKeyOf(ref);
    for (let attempt = 1; attempt <= beginAttemptsMax; attempt += 1) {
      if (!this.held.has(lockKey) && (await this.claimLocked(lockKey, ref, options)))
        return { outcome: 'started' };
      const found = await this.db.query<{
        fingerprint: string;
        state: string;
        response: StoredResponse | null;
      }>(
        `SELECT fingerprint, state, response FROM platform.idempotency_keys
          WHERE scope = $1 AND idempotency_key = $2`,
        [ref.scope, ref.key],
      );
      const row = found.rows[0];
      if (!row) continue; // released in between: claim again
      if (row.fingerprint !== ref.fingerprint) return { outcome: 'mismatch' };
      if (row.state === 'completed' && row.response)
        return { outcome: 'replay', response: row.response };
      return { outcome: 'in_flight' };
    }
    return { outcome: 'in_flight' };
  }

  /**
   * Takes the key's lock, then its row. The key is marked held before the first await, so two
   * requests of this process never both pass (the session lock is re-entrant).
   */
  private async claimLocked(
    lockKey: string,
    ref: IdempotencyKeyRef,
    options: BeginOptions,
  ): Promise<boolean> {
    this.held.add(lockKey);
    let locked = false;
    try {
      locked = await this.session.tryLock(lockKey);
      if (locked && (await this.claim(ref, options))) return true;
    } catch (error) {
      if (locked) await this.unlock(lockKey);
      else this.held.delete(lockKey);
      throw error;
    }
    if (locked) await this.unlock(lockKey);
    else this.held.delete(lockKey);
    return false;
  }

  /**
   * The row, once this process holds the key's lock: a new one, an expired one, or an in-flight
   * one for the same request (its holder is dead, or it would hold the lock).
   */
  private async claim(ref: IdempotencyKeyRef, options: BeginOptions): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await this.db.query(
      `INSERT INTO platform.idempotency_keys AS k
         (scope, idempotency_key, fingerprint, state, response, created_at, lease_expires_at, expires_at)
       VALUES ($1, $2, $3, 'in_flight', NULL, $4, $5, $6)
       ON CONFLICT (scope, idempotency_key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', response = NULL,
             created_at = EXCLUDED.created_at, lease_expires_at = EXCLUDED.lease_expires_at,
             expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= $4
            OR (k.state = 'in_flight' AND k.fingerprint = EXCLUDED.fingerprint)
       RETURNING 1 AS claimed`,
      [
        ref.scope,
        ref.key,
        ref.fingerprint,
        now,
        new Date(now.getTime() + options.leaseMs),
        new Date(now.getTime() + options.ttlMs),
      ],
    );
    return claimed.rowCount === 1;
  }

  private async unlock(lockKey: string): Promise<void> {
    this.held.delete(lockKey);
    await this.session.unlock(lockKey).catch(() => undefined); // a lost session holds nothing
  }

  async complete(ref: IdempotencyKeyRef, response: StoredResponse): Promise<void> {
    try {
      await this.db.query(
        `UPDATE platform.idempotency_keys SET state = 'completed', response = $4::jsonb
          WHERE scope = $1 AND idempotency_key = $2 AND fingerprint = $3 AND state = 'in_flight'`,
        [ref.scope, ref.key, ref.fingerprint, JSON.stringify(response)],
      );
    } finally {
      await this.unlock(lockKeyOf(ref));
    }
  }

  async release(ref: IdempotencyKeyRef): Promise<void> {
    try {
      await this.db.query(
        `DELETE FROM platform.idempotency_keys
          WHERE scope = $1 AND idempotency_key = $2 AND fingerprint = $3 AND state = 'in_flight'`,
        [ref.scope, ref.key, ref.fingerprint],
      );
    } finally {
      await this.unlock(lockKeyOf(ref));
    }
  }

  /** Closes the claims' connection (its locks go with it). */
  async close(): Promise<void> {
    await this.session.close();
  }

  async purgeExpired(limit: number): Promise<number> {
    const result = await this.db.query(
      `DELETE FROM platform.idempotency_keys
        WHERE (scope, idempotency_key) IN (
          SELECT scope, idempotency_key FROM platform.idempotency_keys
           WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)`,
      [this.clock.now(), limit],
    );
    return result.rowCount ?? 0;
  }
}

function lockKeyOf(ref: IdempotencyKeyRef): string {
  return `${ref.scope}:${ref.key}`; // a scope is a service name: no colon in it
}

function isPool(db: Queryable): db is Queryable & Pool {
  const candidate = db as Partial<Pool>;
  return typeof candidate.connect === 'function' && typeof candidate.options === 'object';
}
