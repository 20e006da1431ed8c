/** The first response to a command, replayed to every retry carrying the same key. */
export interface StoredResponse {
  status: number;
  /** Only headers a client acts on (Location, Content-Location, ETag). */
  headers: Record<string, string>;
  body?: unknown;
}

export type BeginOutcome =
  /** First time (or the earlier record expired, or its holder died): run the handler. */
  | { outcome: 'started' }
  /** Done before with the same request: send this again. */
  | { outcome: 'replay'; response: StoredResponse }
  /** The same request is being handled right now. */
  | { outcome: 'in_flight' }
  /** The key was used for a different request (method, path, body or actor). */
  | { outcome: 'mismatch' };

export interface IdempotencyKeyRef {
  /** Separates services sharing one table: the service name. */
  scope: string;
  key: string;
  /** Hash of method, path, body and actor. */
  fingerprint: string;
}

export interface BeginOptions {
  /** How long a completed response is replayed. */
  ttlMs: number;
  /** How long an in-flight claim holds before another attempt may take over (a crashed holder). */
  leaseMs: number;
}

/** Where Idempotency-Key records live. Adapters: in memory (tests, embedded), PostgreSQL. */
export interface IdempotencyStore {
  begin(ref: IdempotencyKeyRef, options: BeginOptions): Promise<BeginOutcome>;
  complete(ref: IdempotencyKeyRef, response: StoredResponse): Promise<void>;
  /** The handler failed: forget the claim so a retry runs the handler again. */
  release(ref: IdempotencyKeyRef): Promise<void>;
  /** Deletes up to `limit` expired records; returns how many. */
  purgeExpired(limit: number): Promise<number>;
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
