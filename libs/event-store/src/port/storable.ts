import type { NewEvent } from './envelope';
import { UnstorableEvent } from './errors';

/**
 * A JSON escape the database refuses or cannot read back: `\u0000`, or a surrogate escape that
 * JSON.stringify only writes for a lone surrogate (a valid pair is written as the character itself).
 * Counted from the last character that is not a backslash, so `\\u0000` (an escaped backslash, then
 * text) does not match.
 */
const unstorableEscape = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * Throws UnstorableEvent when the canonical JSON of an event's data or metadata (as the adapters
 * write it) holds text the database could not store or read back. The common path is one indexOf
 * per text; the walk that names the field runs only for a refused event.
 */
export function assertStorable(event: NewEvent, canonicalData: string, canonicalMetadata: string) {
  if (isStorableJson(canonicalData) && isStorableJson(canonicalMetadata)) return;
  const found =
    findUnstorable(event.data, 'data') ?? findUnstorable(event.metadata, 'metadata') ?? undefined;
  throw new UnstorableEvent(
    event.eventId,
    event.type,
    found?.path ?? 'data',
    found?.reason ?? 'nul',
  );
}

export function isStorableJson(canonical: string): boolean {
  return canonical.indexOf('\\u') === -1 || !unstorableEscape.test(canonical);
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Found = { path: string; reason: 'nul' | 'lone_surrogate' };

/** The first string or key (depth first) with NUL or a lone surrogate, and its path. */
function findUnstorable(value: unknown, path: string): Found | undefined {
  if (typeof value === 'string') return textProblem(value, path);
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const keyProblem = textProblem(key, path);
    if (keyProblem) return keyProblem;
    const found = findUnstorable(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function textProblem(text: string, path: string): Found | undefined {
  if (text.includes('\u0000')) return { path, reason: 'nul' };
  if (loneSurrogate.test(text)) return { path, reason: 'lone_surrogate' };
  return undefined;
}
