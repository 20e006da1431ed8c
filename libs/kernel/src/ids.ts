import { v5 as uuidv5, validate, version } from 'uuid';

/** Namespace for ids derived from idempotency keys (a fixed, random UUID). */
const idNamespace = '6f1c2b9e-3f57-4b8a-9a51-2d7c7e0d4a10';

/**
 * A deterministic UUID (v5) from its parts, so a retried command derives the same event ids and
 * the store recognises the retry. E.g. `deriveId(idempotencyKey, 'event', 0)`.
 */
export function deriveId(...parts: Array<string | number>): string {
  return uuidv5(parts.map(String).join('\u001f'), idNamespace);
}

export function isUuid(value: unknown): value is string {
  return (
    typeof value === 'string' && validate(value) && [1, 3, 4, 5, 6, 7].includes(version(value))
  );
}
