import { randomUUID } from 'node:crypto';
import type { CommandContext, RecordedEvent } from '@billing/event-store';
import type { Clock } from '@billing/kernel';
import { RequestContext, requestEventMetadata } from '@billing/platform';
import { service } from './disputes.deps';

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

/** Context of a command caused by another service's event: ids derive from that event's id. */
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

/** The business date (`YYYY-MM-DD`, UTC) of the clock's instant. */
export function businessDate(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** Who sends the current request (the token's subject), as events name them. */
export function actorId(): string {
  const actor = RequestContext.actor();
  if (!actor) throw new Error('No actor in the request context: is the route @Public()?');
  return actor.id;
}
