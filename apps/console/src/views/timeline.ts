import type { TimelineEvent } from '../api/types';

export interface TimelineRow extends TimelineEvent {
  /** Recorded after an event with a later business time: entered back-dated. */
  backDated: boolean;
}

export type TimelineOrder = 'recorded' | 'business';

/**
 * The account's events "as we knew it" (the log's order: when each was recorded) or "as it
 * happened" (business time). An event is back-dated when, at the time it was recorded, the log
 * already held an event of the account with a later business time.
 */
export function timelineRows(
  events: readonly TimelineEvent[],
  order: TimelineOrder,
): TimelineRow[] {
  let latest = '';
  const rows = [...events]
    .sort((a, b) => a.globalPosition - b.globalPosition)
    .map((event) => {
      const backDated = event.occurredAt < latest;
      if (event.occurredAt > latest) latest = event.occurredAt;
      return { ...event, backDated };
    });
  if (order === 'recorded') return rows;
  return rows.sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.globalPosition - b.globalPosition,
  );
}
