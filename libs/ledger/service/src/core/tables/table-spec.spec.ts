import { createTableSql, insertSql, qualifiedName, upsertSql, type TableSpec } from './table-spec';

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

  it('write rows from one JSON parameter, upserting keyed tables by key', () => {
    expect(createTableSql(spec, 2)).toBe(
      'CREATE TABLE IF NOT EXISTS ledger_rm.balances_v2 (billing_account_id text NOT NULL, amount numeric NOT NULL, counts jsonb NOT NULL, note jsonb)',
    );
    expect(insertSql(spec, 2, '$1')).toContain(
      "SELECT r->>0, (r->>1)::numeric, (r->2)::jsonb, NULLIF((r->3)::jsonb, 'null'::jsonb) FROM json_array_elements($1::json) AS r",
    );
    expect(upsertSql(spec, 2, '$1')).toMatch(
      /ON CONFLICT \(billing_account_id\) DO UPDATE SET amount = EXCLUDED.amount, counts = EXCLUDED.counts, note = EXCLUDED.note$/,
    );
  });
});
