import { randomUUID } from 'node:crypto';
import type { CommandContext, EventMetadata, RecordedEvent } from '@billing/event-store';
import type { Clock } from '@billing/kernel';
import {
  eventCommandContextOf,
  httpCommandContextOf,
  RequestContext,
  requestEventMetadata,
} from '@billing/platform';
import { service } from './collections.deps';

/** Context of a command arriving over HTTP (see httpCommandContextOf). */
export function httpCommandContext(clock: Clock, scope: string): CommandContext {
  return httpCommandContextOf(service, clock, scope);
}

/** Context of a command caused by an event: ids derive from it (see eventCommandContextOf). */
export function eventCommandContext(cause: RecordedEvent, scope: string): CommandContext {
  return eventCommandContextOf(service, cause, scope);
}

/** Who runs the scheduler: the caller of `POST /dunning/run`, or the in-process timer. */
export function schedulerMetadata(): EventMetadata {
  if (RequestContext.actor()) return requestEventMetadata(service);
  return {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: `${service}-scheduler`, roles: ['service'] },
    service,
  };
}

/** The business date (`YYYY-MM-DD`, UTC) of the clock's instant. */
export function businessDate(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** The business date of an event's instant. */
export function dateOf(instant: string): string {
  return instant.slice(0, 10);
}
