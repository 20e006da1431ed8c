import { randomUUID } from 'node:crypto';
import type { CommandContext, EventMetadata, RecordedEvent } from '@billing/event-store';
import type { Clock } from '@billing/kernel';
import { RequestContext, requestEventMetadata } from '@billing/platform';
import { service } from './collections.deps';

/**
 * Context of a command arriving over HTTP: its idempotency key (event ids derive from it, so a
 * retried request repeats them), actor and correlation id, and business time from the clock.
 */
export function httpCommandContext(clock: Clock, scope: string): CommandContext {
  const key = RequestContext.idempotencyKey() ?? randomUUID();
  return {
    idempotencyKey: `${key}:${scope}`,
    metadata: requestEventMetadata(service),
    occurredAt: clock.now().toISOString(),
  };
}

/** Context of a command caused by an event (another service's, or our own): ids derive from it. */
export function eventCommandContext(cause: RecordedEvent, scope: string): CommandContext {
  return {
    idempotencyKey: `${cause.eventId}:${scope}`,
    metadata: {
      correlationId: cause.metadata.correlationId,
      causationId: cause.eventId,
      actor: { id: `${service}-service`, roles: ['service'] },
      service,
    },
    occurredAt: cause.occurredAt,
  };
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
