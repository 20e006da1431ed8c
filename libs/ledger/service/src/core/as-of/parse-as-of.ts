import { toEpochDay } from '@billing/kernel';
import type { AsOf } from '@billing/ledger-domain';

/**
 * An ISO-8601 instant with a date, a time and a zone (`Z` or an offset), every field in range:
 * what PostgreSQL accepts as a timestamptz, so a bad value is a 400, never a database error.
 */
const instantPattern =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/**
 * Reads a point in time as users write it: a global position (`4711`) or a commit time
 * (`2026-03-31T23:59:59Z`). Throws a RangeError saying what is accepted.
 */
export function parseAsOf(text: string): AsOf {
  if (/^\d{1,15}$/.test(text)) return { position: Number(text) };
  const instant = instantPattern.exec(text);
  if (instant && toEpochDay(instant[1] as string) !== undefined) return { recordedAt: text };
  throw new RangeError(
    'must be a global position (a whole number) or an ISO-8601 instant with a zone, e.g. 2026-03-31T23:59:59Z',
  );
}
