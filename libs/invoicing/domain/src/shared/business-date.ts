import { DomainError, isIsoDate } from '@billing/kernel';

/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) without `Date`, so domain code cannot pick up
 * the machine's time zone or clock. Days are counted from 1970-01-01 (Howard Hinnant's
 * days_from_civil algorithm).
 */

// Defined once, in the kernel; re-exported for this context's callers.
export { isIsoDate };

export function assertIsoDate(value: unknown, field: string): string {
  if (!isIsoDate(value)) {
    throw new DomainError(
      'INVALID_DATE',
      `${field} must be a calendar date YYYY-MM-DD`,
      'invalid',
      [{ field, reason: 'must be a calendar date YYYY-MM-DD' }],
    );
  }
  return value;
}

export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return fromDayNumber(toDayNumber(year, month, day) + days);
}

function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthIndex = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether two inclusive periods share at least one day (ISO dates compare as strings). */
export function periodsOverlap(
  a: { from: string; to: string },
  b: { from: string; to: string },
): boolean {
  return a.from <= b.to && b.from <= a.to;
}
