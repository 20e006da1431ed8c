export type Align = 'left' | 'right';

/**
 * Plain-text columns padded to their widest cell, two spaces apart; amounts align right. Each
 * cell is one line (line breaks in text are shown as ⏎, so one row stays one line).
 */
export function formatTable(header: string[], rows: string[][], align: Align[] = []): string {
  const clean = (cell: string) => cell.replace(/\r\n|\r|\n/g, ' ⏎ ');
  const all = [header, ...rows].map((row) => row.map(clean));
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => [...(row[column] ?? '')].length)),
  );
  return all
    .map((row) =>
      row
        .map((cell, column) => {
          const pad = ' '.repeat((widths[column] ?? 0) - [...cell].length);
          return align[column] === 'right' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
