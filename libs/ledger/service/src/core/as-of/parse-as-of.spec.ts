import { parseAsOf } from './parse-as-of';

describe('reading asOf', () => {
  it('reads a global position or a commit time with a zone', () => {
    expect(parseAsOf('0')).toEqual({ position: 0 });
    expect(parseAsOf('4711')).toEqual({ position: 4711 });
    expect(parseAsOf('2026-03-31T23:59:59Z')).toEqual({ recordedAt: '2026-03-31T23:59:59Z' });
    expect(parseAsOf('2026-03-31T23:59:59.123+02:00')).toEqual({
      recordedAt: '2026-03-31T23:59:59.123+02:00',
    });
  });

  it.each([
    '',
    '-1',
    '1.5',
    '1e3',
    'yesterday',
    '2026-03-31',
    '2026-03-31T23:59:59',
    '2026-02-30T10:00:00Z',
    '2026-03-31T24:00:00Z',
    '2026-03-31T10:00:00+25:00',
    '9999999999999999',
  ])('refuses %p, saying what is accepted', (text) => {
    expect(() => parseAsOf(text)).toThrow(/global position .* ISO-8601 instant/);
  });
});
