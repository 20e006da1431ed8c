import { isIsoDate } from '@billing/kernel';

/**
 * Business dates are ISO calendar dates (`YYYY-MM-DD`) counted as whole days since 1970-01-01,
 * computed without `Date` (Howard Hinnant's days_from_civil), so nothing depends on the machine's
 * time zone or clock.
 */

// Defined once, in the kernel; re-exported for this context's callers.
export { isIsoDate };

export function requireIsoDate(value: unknown, field: string): string {
  if (!isIsoDate(value)) throw new RangeError(`${field} must be a calendar date YYYY-MM-DD`);
  return value;
}

export function epochDayOf(isoDate: string): number {
  const [year, month, day] = requireIsoDate(isoDate, 'date').split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function isoDateOfEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
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
  const monthPrime = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthPrime + 2) / 5) + 1;
  const month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDayOf(to) - epochDayOf(from);
}

export function addDays(isoDate: string, days: number): string {
  return isoDateOfEpochDay(epochDayOf(isoDate) + days);
}

/**
 * The UTC calendar date of an ISO-8601 instant. Instants written in UTC (`...Z`) are cut, others
 * are converted; `Date.parse` reads the string only and never the clock.
 */
export function businessDateOfInstant(instant: string): string {
  if (/^\d{4}-\d{2}-\d{2}(T[^+-]*Z)?$/.test(instant)) return instant.slice(0, 10);
  const epochMs = Date.parse(instant);
  if (Number.isNaN(epochMs)) throw new RangeError(`Not an ISO-8601 instant: ${instant}`);
  return new Date(epochMs).toISOString().slice(0, 10);
}
