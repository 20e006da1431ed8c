import { createHash } from 'node:crypto';

/**
 * Hash of what makes two requests "the same": method, path (with query), body and actor. Object
 * keys are sorted so `{a,b}` and `{b,a}` are one request, as a JSON client would expect.
 */
export function requestFingerprint(parts: {
  method: string;
  path: string;
  body: unknown;
  actorId?: string;
}): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        parts.method.toUpperCase(),
        parts.path,
        parts.actorId ?? null,
        parts.body ?? null,
      ]),
    )
    .digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
