import fc from 'fast-check';
import {
  addDays,
  businessDateOfInstant,
  daysBetween,
  epochDayOf,
  isIsoDate,
  isoDateOfEpochDay,
} from './business-date';

describe('business dates', () => {
  it('counts days across month ends and leap years', () => {
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(epochDayOf('1970-01-01')).toBe(0);
  });

  it('reads the UTC date of an instant, converting offsets', () => {
    expect(businessDateOfInstant('2026-03-01T23:30:00.000Z')).toBe('2026-03-01');
    expect(businessDateOfInstant('2026-03-02T00:30:00+02:00')).toBe('2026-03-01');
    expect(() => businessDateOfInstant('soon')).toThrow(/ISO-8601/);
  });

  it('round-trips every day number and agrees with the calendar of Date.UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 200_000 }),
        fc.integer({ min: -2000, max: 2000 }),
        (day, offset) => {
          const date = isoDateOfEpochDay(day);
          expect(isIsoDate(date)).toBe(true);
          expect(epochDayOf(date)).toBe(day);
          expect(date).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
          expect(daysBetween(date, addDays(date, offset))).toBe(offset);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
