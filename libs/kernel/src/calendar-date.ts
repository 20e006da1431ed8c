import { DomainError } from './errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Business dates are calendar dates (`YYYY-MM-DD`) with no time zone, counted as whole days since
 * 1970-01-01. An instant (`2026-03-01T09:30:00Z`) is reduced to its UTC date.
 */
export function toEpochDay(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value.length > 10 && value[10] === 'T' ? value.slice(0, 10) : value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real calendar date survives the round trip.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return undefined;
  }
  return Math.round(ms / MS_PER_DAY);
}

/**
 * A real calendar date `YYYY-MM-DD` (no time part), checked without `Date` so that no clock or
 * time zone enters domain code.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2) return leap ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar date of `value`, or a DomainError naming `field`. */
export function requireDate(value: string, field: string): string {
  const day = toEpochDay(value);
  if (day === undefined) {
    throw new DomainError(
      'INVALID_DATE',
      `${field} must be a calendar date YYYY-MM-DD`,
      'invalid',
      [{ field, reason: 'must be a calendar date YYYY-MM-DD' }],
    );
  }
  return fromEpochDay(day);
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(epochDayOf(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDayOf(to) - epochDayOf(from);
}

function epochDayOf(date: string): number {
  const day = toEpochDay(date);
  if (day === undefined)
    throw new Error(`Invariant violated: ${JSON.stringify(date)} is not a calendar date`);
  return day;
}
