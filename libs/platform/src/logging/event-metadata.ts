import type { EventMetadata } from '@billing/event-store';
import { RequestContext } from './request-context';

/**
 * The metadata every event written for the current request carries: correlation id, actor and
 * idempotency key from RequestContext, and the writing service. Throws outside an authenticated
 * request, because an event without an actor would break the audit trail.
 */
export function requestEventMetadata(
  service: string,
  causationId: string | null = null,
): EventMetadata {
  const context = RequestContext.require();
  if (!context.actor) throw new Error('No actor in the request context: is the route @Public()?');
  return {
    correlationId: context.correlationId,
    causationId,
    actor: { id: context.actor.id, roles: [...context.actor.roles] },
    service,
    ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
  };
}
