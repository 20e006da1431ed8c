import { START, type Checkpoint } from '../port/event-store.port';
import { EventStoreError } from '../port/errors';
import type { SqlExecutor } from './sql-executor';

/** Someone else moved the checkpoint (two instances of one projection running at once). */
export class CheckpointConflict extends EventStoreError {
  constructor(
    readonly subscriptionId: string,
    readonly expected: Checkpoint,
  ) {
    super(`Checkpoint of ${subscriptionId} is no longer ${JSON.stringify(expected)}`);
    this.name = 'CheckpointConflict';
  }
}

export async function loadCheckpointWith(
  db: SqlExecutor,
  subscriptionId: string,
): Promise<Checkpoint> {
  const { rows } = await db.query<{ position: string }>(
    'SELECT position FROM event_store.checkpoints WHERE subscription_id = $1',
    [subscriptionId],
  );
  return rows[0]?.position ?? START;
}

/**
 * Compare-and-set: moves `subscriptionId` from `expected` to `next`, or throws CheckpointConflict.
 * Pass the client of the projection's own transaction so its writes and its checkpoint commit
 * together.
 */
export async function saveCheckpointWith(
  db: SqlExecutor,
  subscriptionId: string,
  expected: Checkpoint,
  next: Checkpoint,
): Promise<void> {
  const result =
    expected === START
      ? await db.query(
          `INSERT INTO event_store.checkpoints (subscription_id, position) VALUES ($1, $2)
           ON CONFLICT (subscription_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
           WHERE event_store.checkpoints.position = ''`,
          [subscriptionId, next],
        )
      : await db.query(
          `UPDATE event_store.checkpoints SET position = $3, updated_at = now()
           WHERE subscription_id = $1 AND position = $2`,
          [subscriptionId, expected, next],
        );
  if (result.rowCount !== 1) throw new CheckpointConflict(subscriptionId, expected);
}
