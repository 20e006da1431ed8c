import type { DisputeState, TimelineEntry } from '../dispute/dispute.state';

/**
 * A dispute's full history in business-time order (when things happened, which may differ from
 * the order they were recorded: a phone call logged the next morning sorts where it happened).
 */
export function disputeTimeline(dispute: DisputeState): TimelineEntry[] {
  return dispute.timeline
    .map((entry, recorded) => ({ entry, recorded, at: Date.parse(entry.at) }))
    .sort((a, b) => a.at - b.at || a.recorded - b.recorded)
    .map(({ entry }) => entry);
}
