import { fromEpochDay, toEpochDay } from '@billing/kernel';

export const DEFAULT_SLA_BUSINESS_DAYS = 10;
export const SLA_BUSINESS_DAYS_MAX = 120;

/** 1970-01-01 was a Thursday; with Monday = 0 that is weekday 3. */
const weekdayOf = (epochDay: number): number => (((epochDay + 3) % 7) + 7) % 7;
const isWeekend = (epochDay: number): boolean => weekdayOf(epochDay) >= 5;

/**
 * `date` plus `businessDays` working days, skipping Saturdays, Sundays and `holidays`
 * (YYYY-MM-DD). Counting starts the day after `date`, so a dispute opened on a Saturday and one
 * opened the Friday before are both due on the same day.
 */
export function addBusinessDays(
  date: string,
  businessDays: number,
  holidays: readonly string[] = [],
): string {
  const start = toEpochDay(date);
  if (start === undefined || !Number.isInteger(businessDays) || businessDays < 0) {
    throw new Error(
      `Invariant violated: addBusinessDays(${JSON.stringify(date)}, ${businessDays})`,
    );
  }
  const closed = new Set(holidays.map((holiday) => toEpochDay(holiday)));
  let day = start;
  let left = businessDays;
  while (left > 0) {
    day += 1;
    if (!isWeekend(day) && !closed.has(day)) left -= 1;
  }
  return fromEpochDay(day);
}

/**
 * When a dispute must be resolved: its opening date (UTC) plus the SLA in business days.
 */
export function resolutionDueDate(
  openedAt: string,
  slaBusinessDays = DEFAULT_SLA_BUSINESS_DAYS,
  holidays: readonly string[] = [],
): string {
  return addBusinessDays(openedAt.slice(0, 10), slaBusinessDays, holidays);
}
