import { inspectRequestValue } from './request-value-inspection';

describe('inspectRequestValue', () => {
  it('accepts an ordinary command', () => {
    expect(
      inspectRequestValue({
        currency: 'EUR',
        memo: 'two lines\nof text',
        lines: [{ quantity: '1', servicePeriod: { from: '2026-01-01' } }],
      }),
    ).toEqual([]);
  });

  it('refuses 5,000 levels of nesting without recursing, naming where the limit was passed', () => {
    const deep = JSON.parse(`${'['.repeat(5_000)}${']'.repeat(5_000)}`) as unknown;
    const problems = inspectRequestValue(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(`[0]`.repeat(16));
    expect(problems[0]?.reason).toMatch(/deeper than 16/);
    expect(inspectRequestValue({ memo: deep })[0]?.field).toBe(`memo${'[0]'.repeat(15)}`);
  });

  it('refuses prototype keys, which JSON.parse makes own keys', () => {
    const body = JSON.parse(
      '{"__proto__":{"admin":true},"lines":[{"constructor":{"prototype":1}}]}',
    ) as unknown;
    expect(inspectRequestValue(body)).toEqual([
      { field: '__proto__', reason: 'should not exist' },
      { field: 'lines[0].constructor', reason: 'should not exist' },
    ]);
  });

  it('refuses text that cannot be stored, naming the field', () => {
    expect(
      inspectRequestValue({
        reason: 'a\u0000b',
        memo: '\ud800',
        address: { city: 'x\u0007' },
        ok: 'tab\tline\r\n',
      }),
    ).toEqual([
      { field: 'reason', reason: 'must not contain the NUL character' },
      { field: 'memo', reason: expect.stringMatching(/surrogate/) },
      { field: 'address.city', reason: 'must not contain control characters' },
    ]);
  });

  it('refuses a bad key, showing it escaped', () => {
    expect(inspectRequestValue({ 'a\u0000': 1 })).toEqual([
      { field: 'a\\u0000', reason: expect.stringMatching(/^is not a valid property name/) },
    ]);
  });

  it('bounds arrays, objects and strings', () => {
    expect(inspectRequestValue({ lines: new Array(1_001).fill(1) })[0]?.field).toBe('lines');
    const wide = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    expect(inspectRequestValue({ wide })[0]?.field).toBe('wide');
    expect(inspectRequestValue({ memo: 'x'.repeat(20_001) })[0]?.reason).toMatch(/20000/);
  });

  it('names the strings that held invalid UTF-8', () => {
    expect(
      inspectRequestValue({ reason: 'caf\uFFFD', other: 'fine' }, { invalidUtf8: true }),
    ).toEqual([{ field: 'reason', reason: expect.stringMatching(/UTF-8/) }]);
    expect(inspectRequestValue({ reason: 'caf\uFFFD' })).toEqual([]);
  });

  it('stops after a bounded number of problems', () => {
    const many = Array.from({ length: 500 }, () => 'a\u0000');
    expect(inspectRequestValue({ many })).toHaveLength(20);
  });
});
