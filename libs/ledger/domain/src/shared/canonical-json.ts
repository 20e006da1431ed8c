import { put } from './records';

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped (as
 * JSON.stringify does). Two states that are equal as data serialize to the same bytes whatever
 * order their keys were inserted in, so a rebuild from position 0 can be compared with the live
 * read model by checksum.
 */
export function serialize(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`Cannot serialize the non-finite number ${String(value)}`);
    }
    return value;
  }
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  // Defined, not assigned: a `__proto__` key must stay an ordinary member.
  for (const key of Object.keys(source).sort()) {
    if (source[key] !== undefined) put(sorted, key, canonical(source[key]));
  }
  return sorted;
}
