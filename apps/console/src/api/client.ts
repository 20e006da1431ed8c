import { currentSession } from '../lib/session';

/** A refusal from the API, with the problem+json detail to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: unknown },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

async function send<T>(method: string, path: string, body?: unknown, key?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const session = currentSession();
  if (session) headers['authorization'] = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  const response = await fetch(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, (json ?? {}) as ApiError['problem']);
  return json as T;
}

/**
 * A document the server produces (a PDF), fetched with the session's bearer token: a plain link
 * could not carry it. A refusal is read as problem+json like any other.
 */
export async function getFile(
  path: string,
  query: Record<string, string | undefined> = {},
): Promise<Blob> {
  const headers: Record<string, string> = { accept: 'application/pdf, application/problem+json' };
  const session = currentSession();
  if (session) headers['authorization'] = `Bearer ${session.token}`;
  const response = await fetch(withQuery(path, query), { headers });
  if (!response.ok) {
    const text = await response.text();
    throw new ApiError(response.status, (text ? JSON.parse(text) : {}) as ApiError['problem']);
  }
  return response.blob();
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const defined = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  const search = new URLSearchParams(defined).toString();
  return search ? `${path}?${search}` : path;
}

export function getJson<T>(path: string, query: Record<string, string | undefined> = {}) {
  return send<T>('GET', withQuery(path, query));
}

/**
 * A command, with the Idempotency-Key the caller keeps for one intended action: a retried click
 * sends the same key, so the server answers from the first run instead of acting twice.
 */
export function postCommand<T>(path: string, body: unknown, idempotencyKey: string) {
  return send<T>('POST', path, body, idempotencyKey);
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
