import fc from 'fast-check';
import { serialize } from './canonical-json';
import { put } from './records';

function shuffledKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffledKeys(item, seed + 1));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const rotated = keys
    .slice(seed % Math.max(keys.length, 1))
    .concat(keys.slice(0, seed % Math.max(keys.length, 1)))
    .reverse();
  const out: Record<string, unknown> = {};
  for (const key of rotated) {
    put(out, key, shuffledKeys((value as Record<string, unknown>)[key], seed + 1));
  }
  return out;
}

describe('canonical JSON', () => {
  it('writes keys in sorted order at every depth', () => {
    expect(serialize({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('keeps a member named __proto__ as an ordinary key', () => {
    expect(serialize(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe(
      '{"__proto__":{"x":1},"b":1}',
    );
  });

  it('drops undefined members as JSON does and refuses numbers JSON cannot carry', () => {
    expect(serialize({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(() => serialize({ a: Number.NaN })).toThrow(/non-finite/);
  });

  it('gives the same bytes whatever order the keys were inserted in, and reads back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, seed) => {
        expect(serialize(shuffledKeys(value, seed))).toBe(serialize(value));
        expect(JSON.parse(serialize(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });
});
