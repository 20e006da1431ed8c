import { compareCheckpoints, decodeCheckpoint } from './log-reader';

describe('checkpoints of the SQL store', () => {
  it('order by transaction id first, then global position, as the safe order does', () => {
    expect(compareCheckpoints('', '5:1')).toBeLessThan(0);
    expect(compareCheckpoints('5:9', '6:1')).toBeLessThan(0);
    expect(compareCheckpoints('6:2', '6:10')).toBeLessThan(0);
    expect(compareCheckpoints('6:10', '6:10')).toBe(0);
    // xid8 values beyond a double's exact range still compare exactly.
    expect(compareCheckpoints('9007199254740993:1', '9007199254740992:1')).toBeGreaterThan(0);
  });

  it('refuses what is not a checkpoint of this store', () => {
    expect(() => decodeCheckpoint('42')).toThrow(/Not a checkpoint/);
  });
});
