import { systemClock, type Clock } from '@billing/kernel';
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

/**
 * Idempotency records in `platform.idempotency_keys` (migration set `platform`). A claim is one
 * INSERT ... ON CONFLICT DO UPDATE that only takes over a row that expired or whose in-flight
 * holder's lease ran out, so two racing requests with one key never both run the handler.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock = systemClock,
  ) {}

  async begin(ref: IdempotencyKeyRef, options: BeginOptions): Promise<BeginOutcome> {
    for (let attempt = 1; attempt <= beginAttemptsMax; attempt += 1) {
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
              OR (k.state = 'in_flight' AND k.lease_expires_at <= $4 AND k.fingerprint = EXCLUDED.fingerprint)
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
      if (claimed.rowCount === 1) return { outcome: 'started' };

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
      if (!row) continue; // purged or released in between: claim again
      if (row.fingerprint !== ref.fingerprint) return { outcome: 'mismatch' };
      if (row.state === 'completed' && row.response)
        return { outcome: 'replay', response: row.response };
      return { outcome: 'in_flight' };
    }
    return { outcome: 'in_flight' };
  }

  async complete(ref: IdempotencyKeyRef, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE platform.idempotency_keys SET state = 'completed', response = $4::jsonb
        WHERE scope = $1 AND idempotency_key = $2 AND fingerprint = $3 AND state = 'in_flight'`,
      [ref.scope, ref.key, ref.fingerprint, JSON.stringify(response)],
    );
  }

  async release(ref: IdempotencyKeyRef): Promise<void> {
    await this.db.query(
      `DELETE FROM platform.idempotency_keys
        WHERE scope = $1 AND idempotency_key = $2 AND fingerprint = $3 AND state = 'in_flight'`,
      [ref.scope, ref.key, ref.fingerprint],
    );
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
