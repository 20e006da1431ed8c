import type { AsOf } from '@billing/ledger-domain';

/** An ISO-8601 instant with a date, a time and a zone (`Z` or an offset). */
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a point in time as users write it: a global position (`4711`) or a commit time
 * (`2026-03-31T23:59:59Z`). Throws a RangeError saying what is accepted.
 */
export function parseAsOf(text: string): AsOf {
  if (/^\d{1,15}$/.test(text)) return { position: Number(text) };
  if (instantPattern.test(text) && !Number.isNaN(Date.parse(text))) return { recordedAt: text };
  throw new RangeError(
    'must be a global position (a whole number) or an ISO-8601 instant with a zone, e.g. 2026-03-31T23:59:59Z',
  );
}

export function isAsOfText(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    parseAsOf(text);
    return true;
  } catch {
    return false;
  }
}
