/**
 * Opaque page cursors for keyset pagination: the sort key of the last row a page showed, so the
 * next page starts strictly after it. A cursor is base64url of a small JSON document naming the
 * list it belongs to; clients must treat it as opaque (its shape may change with a list's order).
 */

/** Longest cursor accepted; a real one is well under 200 characters. */
export const pageCursorLengthMax = 512;
/** Longest value inside a cursor's key (dates, ids, lowercased names). */
const keyValueLengthMax = 300;

interface CursorDocument {
  /** The list the cursor belongs to, so one list's cursor is refused by another. */
  l: string;
  /** The last row's sort key, id last. */
  k: string[];
}

export function encodePageCursor(list: string, key: readonly string[]): string {
  const document: CursorDocument = { l: list, k: [...key] };
  return Buffer.from(JSON.stringify(document), 'utf8').toString('base64url');
}

/**
 * The key of `cursor` when it is a cursor of `list` with `keyLength` values, else undefined
 * (the caller answers 400 naming `cursor`). Never throws on hostile text.
 */
export function decodePageCursor(
  list: string,
  keyLength: number,
  cursor: unknown,
): string[] | undefined {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > pageCursorLengthMax)
    return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const document = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!isCursorDocument(document) || document.l !== list) return undefined;
  if (document.k.length !== keyLength) return undefined;
  return document.k;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isCursorDocument(value: unknown): value is CursorDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { l, k } = value as Record<string, unknown>;
  return (
    typeof l === 'string' &&
    Array.isArray(k) &&
    k.every((part) => typeof part === 'string' && part.length <= keyValueLengthMax && !hasNul(part))
  );
}

/** PostgreSQL text cannot hold NUL; a key with one never came from a row. */
function hasNul(text: string): boolean {
  return text.includes('\u0000');
}
