import { START, type Checkpoint } from '../port/event-store.port';

/**
 * A position in the safe global order: the writer's transaction id (xid8) and the global position,
 * `"<xid>:<position>"`. START is before everything.
 */
export interface SafePosition {
  transactionId: string;
  globalPosition: string;
}

export function decodeSqlCheckpoint(checkpoint: Checkpoint): SafePosition {
  if (checkpoint === START) return { transactionId: '0', globalPosition: '0' };
  const match = /^(\d+):(\d+)$/.exec(checkpoint);
  if (!match) throw new RangeError(`Not a checkpoint of this store: ${JSON.stringify(checkpoint)}`);
  return { transactionId: match[1]!, globalPosition: match[2]! };
}
