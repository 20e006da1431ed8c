import { parse as parseCsv } from 'csv-parse/sync';
import { csvCell, csvHeader, csvRecord, neutralizeFormula, type CsvColumn } from './csv';

describe('CSV cells', () => {
  it.each(['=1+1', '+1', '-1+cmd', '@SUM(A1)', '\tA', '\rA', '\nA', '  =1+1', ' @x'])(
    'neutralizes the text %j with a leading apostrophe',
    (value) => {
      expect(neutralizeFormula(value)).toBe(`'${value}`);
      expect(csvCell(value, 'text')).toBe(`"'${value}"`);
    },
  );

  it.each(['Invoice 7', 'a=b', "it's", '', '100 - 5', '€-5'])(
    'leaves the text %j as it is',
    (value) => {
      expect(neutralizeFormula(value)).toBe(value);
    },
  );

  it('keeps plain decimals in number columns as bare numbers, negative ones included', () => {
    expect(csvCell('-12.00', 'number')).toBe('-12.00');
    expect(csvCell('1500', 'number')).toBe('1500');
    expect(csvCell(42, 'number')).toBe('42');
  });

  it('writes anything else in a number column as neutralized text', () => {
    expect(csvCell('-1+1', 'number')).toBe(`"'-1+1"`);
    expect(csvCell('=1', 'number')).toBe(`"'=1"`);
    expect(csvCell('12,00', 'number')).toBe('"12,00"');
  });

  it('writes null and undefined as an empty cell', () => {
    expect(csvCell(null, 'text')).toBe('');
    expect(csvCell(undefined, 'number')).toBe('');
  });

  it('quotes every text cell and doubles its quotes (RFC 4180)', () => {
    expect(csvCell('say "hi"', 'text')).toBe('"say ""hi"""');
    expect(csvCell('a,b;c', 'text')).toBe('"a,b;c"');
  });

  it('round-trips separators, quotes and line breaks through a CSV parser', () => {
    type Row = { memo: string; amount: string };
    const columns: CsvColumn<Row>[] = [
      { header: 'memo', kind: 'text', value: (r) => r.memo },
      { header: 'amount', kind: 'number', value: (r) => r.amount },
    ];
    const memos = ['a, "b"; c\nd\r\ne', 'plain', '', 'ends with a quote"'];
    const text =
      csvHeader(columns) +
      memos.map((memo) => csvRecord(columns, { memo, amount: '-3.50' })).join('');
    expect(parseCsv(text, { columns: true })).toEqual(
      memos.map((memo) => ({ memo, amount: '-3.50' })),
    );
  });
});
