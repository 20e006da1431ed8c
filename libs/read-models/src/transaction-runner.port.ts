import type { SqlExecutor } from '@billing/event-store';
import type { Pool } from 'pg';

/** Runs work in one database transaction: a projection's rows and its checkpoint commit together. */
export interface TransactionRunner {
  run<T>(work: (db: SqlExecutor) => Promise<T>): Promise<T>;
}

/** PostgreSQL: one pooled connection per transaction, rolled back when the work throws. */
export function pgTransactionRunner(pool: Pool): TransactionRunner {
  return {
    async run(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (sql, params) => {
            const r = await client.query(sql, params);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError; // the connection is unusable; the pool must drop it
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
