import { ManualClock, TestClock } from './clock';

describe('TestClock', () => {
  it('reads the base clock shifted by its offset, and time keeps flowing from there', () => {
    const base = new ManualClock('2026-12-07T10:00:00Z');
    const clock = new TestClock(base);
    clock.setOffset(clock.offsetFor(new Date('2027-01-01T00:00:00Z')));
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    base.advanceMs(5_000);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:05.000Z');
  });

  it('may run behind the base clock (a quarter rehearsed in the past)', () => {
    const base = new ManualClock('2026-12-07T10:00:00Z');
    const clock = new TestClock(base);
    clock.setOffset(clock.offsetFor(new Date('2026-03-02T09:00:00Z')));
    expect(clock.offsetMs).toBeLessThan(0);
    expect(clock.now().toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });

  it('refuses an offset that is not a whole number of milliseconds', () => {
    expect(() => new TestClock().setOffset(0.5)).toThrow(/whole number/);
  });
});
