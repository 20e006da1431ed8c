import { inPeriod, parseAsOf, parseBusinessDate, parseFromBound, parseToBound } from './moments';

describe('command-line moments', () => {
  it('reads --as-of as a position, a date (its last instant) or an instant with a zone', () => {
    expect(parseAsOf('1200')).toEqual({ position: 1200 });
    expect(parseAsOf('0')).toEqual({ position: 0 });
    expect(parseAsOf('2026-03-31')).toEqual({ recordedAt: '2026-03-31T23:59:59.999Z' });
    expect(parseAsOf('2026-03-31T17:00:00+02:00')).toEqual({
      recordedAt: '2026-03-31T15:00:00.000Z',
    });
    expect(parseAsOf('2026-03-31T17:00Z')).toEqual({ recordedAt: '2026-03-31T17:00:00.000Z' });
  });

  it.each(['yesterday', '-5', '1.5', '2026-02-30', '2026-03-31T17:00:00', '99999999999999999999'])(
    'refuses --as-of %j',
    (value) => {
      expect(() => parseAsOf(value)).toThrow(/Expected|too large/);
    },
  );

  it('reads business dates strictly', () => {
    expect(parseBusinessDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseBusinessDate('2026-02-29')).toThrow('Expected a calendar date');
    expect(() => parseBusinessDate('2026-3-1')).toThrow('Expected a calendar date');
  });

  it('makes date periods inclusive of both whole days', () => {
    const period = { from: parseFromBound('2026-03-01'), to: parseToBound('2026-03-31') };
    expect(inPeriod('2026-03-01T00:00:00.000Z', period)).toBe(true);
    expect(inPeriod('2026-03-31T23:59:59.999Z', period)).toBe(true);
    expect(inPeriod('2026-04-01T00:00:00.000Z', period)).toBe(false);
    expect(inPeriod('2026-02-28T23:59:59.999Z', period)).toBe(false);
  });
});
