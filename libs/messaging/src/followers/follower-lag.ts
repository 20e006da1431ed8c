import type { Checkpoint, EventFilter, EventStore } from '@billing/event-store';
import type { FollowerLag } from './follower-registry';

/** Counting stops here: an operator needs "far behind", not an exact figure, and reads are bounded. */
export const lagCountMax = 10_000;

/** Events of `filter` after `after` in the store's safe order, counted up to `lagCountMax`. */
export async function countEventsAfter(
  store: EventStore,
  after: Checkpoint,
  filter: EventFilter | undefined,
): Promise<FollowerLag> {
  let count = 0;
  for await (const _ of store.readAll({
    after,
    maxCount: lagCountMax,
    ...(filter ? { filter } : {}),
  })) {
    count += 1;
  }
  return { count, capped: count >= lagCountMax };
}
