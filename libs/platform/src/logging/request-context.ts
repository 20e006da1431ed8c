import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '@billing/event-store';

/** What a handler may know about the request it serves, without threading it through every call. */
export interface RequestContextData {
  correlationId: string;
  /** Set by the auth guard once the bearer token is verified; absent on public routes. */
  actor?: Actor;
  /** Set by the idempotency interceptor for commands; handlers derive event ids from it. */
  idempotencyKey?: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * The current request's context, carried by AsyncLocalStorage from the first middleware to the
 * handler and everything it awaits. Services copy it into every event's metadata.
 */
export const RequestContext = {
  run<T>(data: RequestContextData, work: () => T): T {
    return storage.run(data, work);
  },

  /** The context, or undefined outside a request (start-up, consumers, scripts). */
  current(): RequestContextData | undefined {
    return storage.getStore();
  },

  /** The context; throws when called outside a request, which is a wiring bug. */
  require(): RequestContextData {
    const data = storage.getStore();
    if (!data) throw new Error('No request context: called outside an HTTP request');
    return data;
  },

  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },

  actor(): Actor | undefined {
    return storage.getStore()?.actor;
  },

  idempotencyKey(): string | undefined {
    return storage.getStore()?.idempotencyKey;
  },

  /** Adds facts learned later in the pipeline (actor, idempotency key) to the current context. */
  assign(patch: Partial<RequestContextData>): void {
    const data = storage.getStore();
    if (data) Object.assign(data, patch);
  },
};
