import { randomUUID } from 'node:crypto';
import type { CommandContext, RecordedEvent } from '@billing/event-store';
import type { Clock } from '@billing/kernel';
import { requestEventMetadata } from './event-metadata';
import { RequestContext } from './request-context';

/**
 * Context of a command arriving over HTTP at `service`: its idempotency key (event ids derive
 * from it, so a retried request repeats them), actor and correlation id, and business time from
 * the clock.
 */
export function httpCommandContextOf(service: string, clock: Clock, scope: string): CommandContext {
  const key = RequestContext.idempotencyKey() ?? randomUUID();
  return {
    idempotencyKey: `${key}:${scope}`,
    metadata: requestEventMetadata(service),
    occurredAt: clock.now().toISOString(),
  };
}

/**
 * Context of a command `service` runs because of an event (another service's, or its own): ids
 * derive from that event's id, so a redelivered event repeats them; the correlation carries on.
 */
export function eventCommandContextOf(
  service: string,
  cause: RecordedEvent,
  scope: string,
): CommandContext {
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
