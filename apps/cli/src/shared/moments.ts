import { InvalidArgumentError } from 'commander';
import { fromEpochDay, toEpochDay } from '@billing/kernel';
import type { AsOf } from '@billing/ledger-domain';

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A calendar date `YYYY-MM-DD` (a real one: 2026-02-30 is refused). */
export function parseBusinessDate(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? toEpochDay(value) : undefined;
  if (day === undefined) throw new InvalidArgumentError('Expected a calendar date YYYY-MM-DD.');
  return fromEpochDay(day);
}

/** An ISO-8601 instant with a zone, normalized to UTC milliseconds (`...T09:30:00.000Z`). */
function parseInstant(value: string): string | undefined {
  if (!instantPattern.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || toEpochDay(value.slice(0, 10)) === undefined) return undefined;
  return new Date(ms).toISOString();
}

const endOfDay = (date: string): string => `${date}T23:59:59.999Z`;
const startOfDay = (date: string): string => `${date}T00:00:00.000Z`;

/**
 * `--as-of`: a global position (whole number), a date (the end of that UTC day: "as the system
 * knew it on 31 March") or an instant with a zone (commit time).
 */
export function parseAsOf(value: string): AsOf {
  if (/^\d+$/.test(value)) {
    const position = Number(value);
    if (!Number.isSafeInteger(position))
      throw new InvalidArgumentError('The position is too large.');
    return { position };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { recordedAt: endOfDay(parseBusinessDate(value)) };
  const instant = parseInstant(value);
  if (instant !== undefined) return { recordedAt: instant };
  throw new InvalidArgumentError(
    'Expected a global position (a whole number), a date YYYY-MM-DD (end of that UTC day) ' +
      'or an ISO-8601 instant with a zone, e.g. 2026-03-31T17:00:00Z.',
  );
}

export function describeAsOf(asOf: AsOf | undefined): string {
  if (asOf === undefined) return 'now';
  return 'position' in asOf
    ? `global position ${asOf.position}`
    : `recorded at or before ${asOf.recordedAt}`;
}

/** A period bound: a date (its first or last millisecond, UTC) or an instant with a zone. */
function parseBound(value: string, side: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = parseBusinessDate(value);
    return side === 'from' ? startOfDay(date) : endOfDay(date);
  }
  const instant = parseInstant(value);
  if (instant === undefined)
    throw new InvalidArgumentError(
      'Expected a date YYYY-MM-DD or an ISO-8601 instant with a zone, e.g. 2026-03-31T17:00:00Z.',
    );
  return instant;
}

export const parseFromBound = (value: string): string => parseBound(value, 'from');
export const parseToBound = (value: string): string => parseBound(value, 'to');

/** Whether an ISO instant lies in the inclusive period [from, to]. */
export function inPeriod(instant: string, period: { from: string; to: string }): boolean {
  const ms = Date.parse(instant);
  return ms >= Date.parse(period.from) && ms <= Date.parse(period.to);
}
