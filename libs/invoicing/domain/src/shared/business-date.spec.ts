import { addDays, isIsoDate, periodsOverlap } from './business-date';

describe('business dates', () => {
  it('adds payment terms across month, year and leap-day boundaries', () => {
    expect(addDays('2026-03-01', 30)).toBe('2026-03-31');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
    expect(addDays('2026-05-10', 365)).toBe('2027-05-10');
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
  });

  it('finds overlapping service periods, including a shared single day', () => {
    expect(
      periodsOverlap(
        { from: '2026-01-01', to: '2026-01-31' },
        { from: '2026-01-31', to: '2026-02-28' },
      ),
    ).toBe(true);
    expect(
      periodsOverlap(
        { from: '2026-01-01', to: '2026-01-31' },
        { from: '2026-02-01', to: '2026-02-28' },
      ),
    ).toBe(false);
  });
});
