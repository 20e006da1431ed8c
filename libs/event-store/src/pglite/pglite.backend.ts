import type { PGlite } from '@electric-sql/pglite';
import type { SqlBackend } from '../sql/sql-executor';
import { SerialQueue } from '../sql/serial-queue';

/**
 * PGlite is one connection: every statement goes through one in-process queue, so an append (a
 * single statement, hence its own transaction) never interleaves with another.
 */
export function createPgliteBackend(db: PGlite, queue = new SerialQueue()): SqlBackend {
  return {
    query: (sql, params, options) =>
      queue.run(async () => {
        const result = await db.query<never>(
          sql,
          params,
          options?.rowMode ? { rowMode: options.rowMode } : undefined,
        );
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }),
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, () => onNotify());
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    close: async () => {
      await queue.run(async () => undefined);
      if (!db.closed) await db.close();
    },
  };
}
