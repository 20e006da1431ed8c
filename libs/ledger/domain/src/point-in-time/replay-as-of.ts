import type { LedgerEvent } from '../shared/ledger-event';
import type { Projection } from '../shared/projection';

/** A moment in the log: a global position, or a commit time (ISO-8601 instant). */
export type AsOf = { position: number } | { recordedAt: string };

/**
 * Whether `event` was in the log at `asOf`: its global position is at most `position`, or it was
 * committed at or before `recordedAt`. Instants are compared as points in time, not as text.
 */
export function wasRecordedBy(event: LedgerEvent, asOf: AsOf): boolean {
  if ('position' in asOf) return event.globalPosition <= asOf.position;
  return (
    epochMs(event.recordedAt, 'event.recordedAt') <= epochMs(asOf.recordedAt, 'asOf.recordedAt')
  );
}

/**
 * Any projection as it stood at a past moment: folds, in the order given (the store's safe
 * global order), only the events that were in the log at `asOf`. Because each stream's events
 * get increasing positions and a caused event is appended after its cause commits, that set is a
 * prefix of every stream and closed under causation, even where the safe order lets a later
 * position overtake an earlier one; when positions ascend it is exactly a prefix of the log.
 */
export function replayAsOf<State>(
  projection: Projection<State>,
  events: Iterable<LedgerEvent>,
  asOf: AsOf,
): State {
  if ('position' in asOf && !Number.isSafeInteger(asOf.position)) {
    throw new RangeError(`asOf.position must be a whole number, got ${String(asOf.position)}`);
  }
  return projection.fold(projection.initial(), filtered(events, asOf));
}

function* filtered(events: Iterable<LedgerEvent>, asOf: AsOf): Iterable<LedgerEvent> {
  for (const event of events) if (wasRecordedBy(event, asOf)) yield event;
}

function epochMs(instant: string, field: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`${field} is not an ISO-8601 instant: ${instant}`);
  return ms;
}
