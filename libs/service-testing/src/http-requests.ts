import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';

/** A command as a client sends it: bearer token and an Idempotency-Key (fresh unless given). */
export function post(
  app: INestApplication,
  token: string,
  url: string,
  body: unknown,
  key: string = randomUUID(),
) {
  return request(app.getHttpServer())
    .post(url)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .send(body as object);
}

export function get(app: INestApplication, token: string, url: string) {
  return request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`);
}

/**
 * Polls until `check` passes or `timeoutMs` runs out, then returns the last value so the test's
 * own assertion says what was seen (cross-service effects are asynchronous).
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
