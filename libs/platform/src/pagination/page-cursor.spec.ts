import { decodePageCursor, encodePageCursor } from './page-cursor';
import { keysetPage, SqlConditions } from './keyset-page';

describe('page cursors', () => {
  it('round-trip the last key of a page, as URL-safe text', () => {
    const cursor = encodePageCursor('invoices', [
      '2026-04-01',
      'f0e1d2c3-aaaa-4bbb-8ccc-123456789abc',
    ]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor('invoices', 2, cursor)).toEqual([
      '2026-04-01',
      'f0e1d2c3-aaaa-4bbb-8ccc-123456789abc',
    ]);
  });

  it("refuse another list's cursor, a wrong key length, edits and junk without throwing", () => {
    const cursor = encodePageCursor('invoices', ['2026-04-01', 'id-1']);
    expect(decodePageCursor('payments', 2, cursor)).toBeUndefined();
    expect(decodePageCursor('invoices', 1, cursor)).toBeUndefined();
    expect(decodePageCursor('invoices', 2, cursor.slice(0, -3))).toBeUndefined();
    for (const junk of [
      '',
      'not a cursor',
      '////',
      'A'.repeat(600),
      Buffer.from('{"l":"invoices","k":[1,2]}').toString('base64url'),
      Buffer.from('{"l":"invoices","k":"ab"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
      Buffer.from('null').toString('base64url'),
      Buffer.from('{"l":"invoices","k":["a\\u0000","b"]}').toString('base64url'),
      Buffer.from(`{"l":"invoices","k":["${'x'.repeat(400)}","b"]}`).toString('base64url'),
      Buffer.from('{"__proto__":{"l":"invoices"},"k":["a","b"]}').toString('base64url'),
    ])
      expect(decodePageCursor('invoices', 2, junk)).toBeUndefined();
    expect(decodePageCursor('invoices', 2, 42)).toBeUndefined();
    expect(decodePageCursor('invoices', 2, ['a'])).toBeUndefined();
  });
});

describe('keyset pages', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id-${n}`, day: `2026-04-0${n}` }));

  it('give a next cursor only when a row beyond the limit came back', () => {
    const full = keysetPage(rows, 2, 'list', (r) => [r.day, r.id]);
    expect(full.items).toEqual(rows.slice(0, 2));
    expect(decodePageCursor('list', 2, full.next)).toEqual(['2026-04-02', 'id-2']);
    expect(keysetPage(rows, 3, 'list', (r) => [r.day, r.id]).next).toBeNull();
    expect(keysetPage([], 3, 'list', () => []).next).toBeNull();
  });

  it('build conditions only for the filters given, values as parameters', () => {
    const where = new SqlConditions()
      .when('issued', (p) => `status = ${p}`)
      .when(undefined, (p) => `currency = ${p}`)
      .after(['due', 'id'], ["2026-04-01' OR 1=1 --", 'x']);
    expect(where.sql()).toBe('WHERE status = $1 AND (due, id) > ($2, $3)');
    expect(where.params).toEqual(['issued', "2026-04-01' OR 1=1 --", 'x']);
    expect(new SqlConditions().sql()).toBe('');
  });
});
