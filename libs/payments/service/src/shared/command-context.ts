import type { CommandContext, RecordedEvent } from '@billing/event-store';
import type { Clock } from '@billing/kernel';
import { eventCommandContextOf, httpCommandContextOf } from '@billing/platform';
import { service } from './payments.deps';

/** Context of a command arriving over HTTP (see httpCommandContextOf). */
export function httpCommandContext(clock: Clock, scope: string): CommandContext {
  return httpCommandContextOf(service, clock, scope);
}

/** Context of a command caused by an event: ids derive from it (see eventCommandContextOf). */
export function eventCommandContext(cause: RecordedEvent, scope: string): CommandContext {
  return eventCommandContextOf(service, cause, scope);
}
