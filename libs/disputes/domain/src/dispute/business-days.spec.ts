import { addBusinessDays, resolutionDueDate } from './business-days';

describe('business days', () => {
  it('skips weekends: ten business days from Friday 2 January 2026 is Friday 16 January', () => {
    expect(addBusinessDays('2026-01-02', 10)).toBe('2026-01-16');
  });

  it('gives a dispute opened on Saturday or Sunday the same due date as one opened the Friday before', () => {
    expect(addBusinessDays('2026-01-03', 10)).toBe('2026-01-16');
    expect(addBusinessDays('2026-01-04', 10)).toBe('2026-01-16');
  });

  it('moves one business day from Friday to Monday, and from Monday to Tuesday', () => {
    expect(addBusinessDays('2026-01-09', 1)).toBe('2026-01-12');
    expect(addBusinessDays('2026-01-12', 1)).toBe('2026-01-13');
    expect(addBusinessDays('2026-01-12', 5)).toBe('2026-01-19');
  });

  it('crosses months, years and leap days', () => {
    expect(addBusinessDays('2027-12-30', 3)).toBe('2028-01-04');
    expect(addBusinessDays('2028-02-25', 2)).toBe('2028-02-29');
  });

  it('skips the holidays it is given', () => {
    expect(addBusinessDays('2026-12-23', 3, ['2026-12-25'])).toBe('2026-12-29');
  });

  it('counts from the date of the opening instant, by default ten business days', () => {
    expect(resolutionDueDate('2026-01-02T16:45:00.000Z')).toBe('2026-01-16');
  });
});
