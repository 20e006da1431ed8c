import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';

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

/** Polls until `check` passes or `timeoutMs` runs out (cross-service effects are asynchronous). */
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
