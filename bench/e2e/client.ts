import { randomUUID } from 'node:crypto';
import { localJwtSecret, mintToken, type Role } from '@billing/platform';
import type { ServiceName, Stack } from './stack';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** HTTP calls to the stack with a token per role and a fresh Idempotency-Key per command. */
export class StackClient {
  private readonly tokens = new Map<Role, string>();

  private constructor(private readonly stack: Stack) {}

  static async create(stack: Stack): Promise<StackClient> {
    const client = new StackClient(stack);
    const secret = localJwtSecret();
    for (const role of ['billing-clerk', 'billing-manager'] as Role[]) {
      client.tokens.set(
        role,
        await mintToken({ sub: `bench-${role}`, roles: [role], secret, ttl: '8h' }),
      );
    }
    return client;
  }

  async post(
    service: ServiceName,
    path: string,
    body: object,
    role: Role = 'billing-clerk',
  ): Promise<Answer> {
    return this.call(service, path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.tokens.get(role)}`,
        'idempotency-key': randomUUID(),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  }

  async get(service: ServiceName, path: string): Promise<Answer> {
    return this.call(service, path, {
      headers: { authorization: `Bearer ${this.tokens.get('billing-clerk')}` },
    });
  }

  /** Connections that failed before an answer (reset, refused) and were retried. */
  connectionRetries = 0;
  /** 503 answers with Retry-After (the service shedding load) that were retried. */
  unavailableRetries = 0;

  /**
   * A connection that fails before any answer (a keep-alive socket the server closed, a reset
   * under load) is retried with the same request, Idempotency-Key included: the system promises a
   * retried command one effect. Three tries, then the command counts as unanswered (status 0).
   * A 503 with Retry-After is the service asking to be called again: a client honours it, with the
   * same key, up to three tries; a last 503 stays a 503 in the figures.
   */
  private async call(service: ServiceName, path: string, init: RequestInit): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${this.stack.urlOf(service)}/${service}${path}`, init);
        const text = await response.text();
        const retryAfterS = Number(response.headers.get('retry-after') ?? NaN);
        if (response.status === 503 && Number.isFinite(retryAfterS) && attempt < 3) {
          this.unavailableRetries++;
          await new Promise((r) => setTimeout(r, Math.min(retryAfterS, 2) * 1000));
          continue;
        }
        let body: Record<string, unknown> = {};
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          body = { text };
        }
        return { status: response.status, body };
      } catch {
        if (attempt >= 3) return { status: 0, body: {} };
        this.connectionRetries++;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }
}
