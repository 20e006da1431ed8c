import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  columnList,
  qualifiedName,
  type ColumnType,
  type Row,
  type TableSpec,
} from '../tables/table-spec';

/**
 * A rebuild's bulk load on PostgreSQL: rows go in with `COPY ... FROM STDIN` in its text format,
 * the server's cheapest way in. Compared with `INSERT ... SELECT FROM unnest($1::text[], ...)` it
 * spares the driver escaping every value into array literals and the server parsing them back
 * (both were a large part of a rebuild's time). The values are the same text the arrays carried,
 * so the tables, and their checksums, are the same.
 */

/** Text handed to the COPY stream at once: big enough to cost few writes, bounded in memory. */
const chunkCharsMax = 1 << 20;

const needsEscape = /[\\\t\n\r]/;
const escapable = /[\\\t\n\r]/g;
const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** A text field of COPY's text format: the delimiter, line ends and backslash escaped. */
function copyText(value: string): string {
  return needsEscape.test(value) ? value.replace(escapable, (c) => escapes[c] as string) : value;
}

type Encoder = (value: unknown) => string;

/**
 * One value as COPY text, by column type: `\N` for null; jsonb as its JSON text; booleans as
 * `t`/`f`; numbers as they print (no special character can be in them); anything else escaped.
 * The same values the driver sent as array elements.
 */
function encoderOf(type: ColumnType): Encoder {
  switch (type) {
    case 'jsonb':
      return (value) =>
        value === null || value === undefined ? '\\N' : copyText(JSON.stringify(value));
    case 'text':
      return (value) =>
        value === null || value === undefined
          ? '\\N'
          : copyText(typeof value === 'string' ? value : String(value));
    case 'boolean':
      return (value) =>
        value === null || value === undefined
          ? '\\N'
          : value === true
            ? 't'
            : value === false
              ? 'f'
              : copyText(String(value));
    default:
      return (value) =>
        value === null || value === undefined
          ? '\\N'
          : typeof value === 'number'
            ? String(value)
            : copyText(String(value));
  }
}

/** The rows as COPY text, in chunks of about `chunkCharsMax` characters (joins beat appends). */
function* copyChunks(table: TableSpec, rows: readonly Row[]): Generator<string> {
  const encoders = table.columns.map((c) => encoderOf(c.type));
  const fields = new Array<string>(encoders.length);
  let lines: string[] = [];
  let chars = 0;
  for (const row of rows) {
    for (let i = 0; i < fields.length; i++) fields[i] = (encoders[i] as Encoder)(row[i]);
    const line = fields.join('\t');
    lines.push(line);
    chars += line.length + 1;
    if (chars >= chunkCharsMax) {
      yield `${lines.join('\n')}\n`;
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/** Appends `rows` to one table of a projection version with one COPY, on a client of `pool`. */
export async function copyRows(
  pool: Pool,
  table: TableSpec,
  version: number,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // A version being built is not read by anyone until it is compared and switched, and a crash
    // abandons it anyway: its commits need not wait for the disk. (The switch commits as usual,
    // and its flush takes every earlier commit with it.)
    await client.query('SET LOCAL synchronous_commit = off');
    const copy = client.query(
      copyFrom(`COPY ${qualifiedName(table.name, version)} (${columnList(table)}) FROM STDIN`),
    );
    await pipeline(Readable.from(copyChunks(table, rows)), copy);
    await client.query('COMMIT');
  } catch (error) {
    // A COPY that failed half-way leaves the connection in no state to reuse.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
}
