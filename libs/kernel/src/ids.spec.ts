import { deriveId, isUuid } from './ids';
import { ManualClock } from './clock';

describe('deterministic ids', () => {
  it('derives the same UUID from the same parts and a different one otherwise', () => {
    expect(deriveId('key-1', 'event', 0)).toBe(deriveId('key-1', 'event', 0));
    expect(deriveId('key-1', 'event', 0)).not.toBe(deriveId('key-1', 'event', 1));
    expect(isUuid(deriveId('x'))).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
  });
});

describe('manual clock', () => {
  it('moves only when told', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    clock.advanceDays(37);
    expect(clock.now().toISOString()).toBe('2026-02-07T00:00:00.000Z');
  });
});
