/**
 * CSV for spreadsheets and auditors' tools, per RFC 4180 (comma separator, CRLF between records,
 * fields with quotes doubled inside double quotes) and OWASP's CSV-injection guidance.
 *
 * The rule, per column kind:
 * - `text` cells are always quoted, so no separator (`,` or a locale's `;`), quote or line break
 *   inside them can start a new cell or record; and a text cell whose first character is `=`, `+`,
 *   `-`, `@`, tab, CR or LF, or whose first non-blank character is `=`, `+`, `-` or `@`, gets a
 *   leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
 * - `number` cells (positions, versions, amounts) are written bare only when they are a plain
 *   decimal number (`-12.00`, `1500`), so they stay numbers; anything else in a number column is
 *   written as text, under the text rule.
 * - `null` and `undefined` are an empty cell.
 */
export type CsvColumnKind = 'text' | 'number';

const plainDecimal = /^-?\d+(\.\d+)?$/;
const formulaStart = /^(?:[=+\-@\t\r\n]|\s*[=+\-@])/;

/** Makes a text value inert in a spreadsheet (see the module comment). */
export function neutralizeFormula(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

export function csvCell(value: unknown, kind: CsvColumnKind): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (kind === 'number' && plainDecimal.test(text)) return text;
  return quote(neutralizeFormula(text));
}

export interface CsvColumn<Row> {
  header: string;
  kind: CsvColumnKind;
  value: (row: Row) => unknown;
}

/** One record with its CRLF terminator. */
export function csvRecord<Row>(columns: ReadonlyArray<CsvColumn<Row>>, row: Row): string {
  return `${columns.map((c) => csvCell(c.value(row), c.kind)).join(',')}\r\n`;
}

export function csvHeader<Row>(columns: ReadonlyArray<CsvColumn<Row>>): string {
  return `${columns.map((c) => csvCell(c.header, 'text')).join(',')}\r\n`;
}
