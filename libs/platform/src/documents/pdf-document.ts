import PDFDocument from 'pdfkit';

export type PdfDoc = PDFKit.PDFDocument;

export interface PdfDocumentOptions {
  title: string;
  /**
   * The document's business date: its CreationDate and, through it, the file ID pdfkit derives
   * from the document info. Fixed by the data shown, so one view always gives the same bytes.
   */
  createdAt: Date;
  /** Off only to read the text in tests; on by default. */
  compress?: boolean;
}

/** Bound of the pages one document may have (a 500-line invoice or a long statement fits). */
export const pdfPagesMax = 200;

/**
 * A PDF drawn by `draw` into an A4 document with the standard Helvetica fonts (nothing embedded,
 * nothing random: the same content gives the same bytes), collected into one buffer.
 */
export async function renderPdf(
  options: PdfDocumentOptions,
  draw: (doc: PdfDoc) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    info: {
      Title: options.title,
      Producer: 'billing ledger',
      Creator: 'billing ledger',
      CreationDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  let pages = 1;
  doc.on('pageAdded', () => {
    pages += 1;
    if (pages > pdfPagesMax) throw new Error(`A document is at most ${pdfPagesMax} pages`);
  });
  doc.font('Helvetica');
  draw(doc);
  doc.end();
  return done;
}

export interface PdfColumn {
  header: string;
  /** Share of the text width, 0..1. */
  width: number;
  align?: 'left' | 'right';
}

/**
 * A table of text cells: a bold header row, then one row per entry, a new page (with the header
 * again) when the next row would not fit. Amounts are given as the decimal strings of the views.
 */
export function drawTable(doc: PdfDoc, columns: PdfColumn[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const textWidth = doc.page.width - left - doc.page.margins.right;
  const widths = columns.map((c) => c.width * textWidth);
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const heights = cells.map((cell, i) =>
      doc.heightOfString(cell, { width: (widths[i] ?? 0) - 4 }),
    );
    const height = Math.max(12, ...heights) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold)
        drawRow(
          columns.map((c) => c.header),
          true,
        );
    }
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      doc.text(cell, x, top, { width: width - 4, align: columns[i]?.align ?? 'left' });
      x += width;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(
    columns.map((c) => c.header),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.font('Helvetica');
}

/** A label and its value on one line (one piece of text, so it is copied and searched whole). */
export function drawField(doc: PdfDoc, label: string, value: string): void {
  doc.font('Helvetica').fontSize(10).text(`${label}: ${value}`);
}
