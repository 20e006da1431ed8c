import {
  columnsOf,
  createTableSql,
  insertSql,
  qualifiedName,
  upsertSql,
  type TableSpec,
} from './table-spec';

const spec: TableSpec = {
  name: 'balances',
  kind: 'keyed',
  columns: [
    { name: 'billing_account_id', type: 'text' },
    { name: 'amount', type: 'numeric' },
    { name: 'counts', type: 'jsonb' },
    { name: 'note', type: 'jsonb', nullable: true },
  ],
  key: ['billing_account_id'],
};

describe('versioned projection tables', () => {
  it('carry the version in their name and refuse anything but a plain identifier', () => {
    expect(qualifiedName('balances', 3)).toBe('ledger_rm.balances_v3');
    expect(() => qualifiedName('balances; drop', 1)).toThrow(/identifier/);
    expect(() => qualifiedName('balances', 0)).toThrow(/from 1/);
  });

  it('write rows from one array parameter per column, upserting keyed tables by key', () => {
    expect(createTableSql(spec, 2)).toBe(
      'CREATE TABLE IF NOT EXISTS ledger_rm.balances_v2 (billing_account_id text NOT NULL, amount numeric NOT NULL, counts jsonb NOT NULL, note jsonb)',
    );
    expect(insertSql(spec, 2, 3)).toBe(
      'INSERT INTO ledger_rm.balances_v2 (billing_account_id, amount, counts, note) SELECT * FROM unnest($3::text[], $4::numeric[], $5::jsonb[], $6::jsonb[])',
    );
    expect(
      columnsOf(spec, [
        ['a', '1.00', { n: 1 }, null],
        ['b', '2.00', [], { x: 'y' }],
      ]),
    ).toEqual([
      ['a', 'b'],
      ['1.00', '2.00'],
      ['{"n":1}', '[]'],
      [null, '{"x":"y"}'],
    ]);
    expect(upsertSql(spec, 2, 1)).toMatch(
      /ON CONFLICT \(billing_account_id\) DO UPDATE SET amount = EXCLUDED.amount, counts = EXCLUDED.counts, note = EXCLUDED.note$/,
    );
  });
});
