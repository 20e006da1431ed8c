import { inflateSync } from 'node:zlib';

/** Bound of the content streams read from one PDF. */
const streamsMax = 1_000;

/**
 * The text a PDF shows, one line per text object, read from its content streams (inflated when
 * Flate-compressed). Enough for the PDFs pdfkit writes with its standard fonts: their strings are
 * hex-encoded WinAnsi, shown with `TJ` (kerned pieces of one line) or `Tj`. Not a PDF parser.
 */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const content of contentStreams(pdf)) {
    for (const block of content.match(/BT[\s\S]*?ET/g) ?? []) {
      const pieces = [...block.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => decodeHex(m[1] ?? ''));
      const literal = [...block.matchAll(/\((.*?)\)\s*Tj/g)].map((m) => m[1] ?? '');
      lines.push([...pieces, ...literal].join(''));
    }
  }
  return lines.join('\n');
}

function* contentStreams(pdf: Buffer): Generator<string> {
  const text = pdf.toString('latin1');
  const pattern = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  let count = 0;
  for (let match = pattern.exec(text); match && count < streamsMax; match = pattern.exec(text)) {
    count += 1;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) return;
    const raw = pdf.subarray(start, end);
    if (!(match[1] ?? '').includes('/FlateDecode')) {
      yield raw.toString('latin1');
      continue;
    }
    try {
      yield inflateSync(raw).toString('latin1');
    } catch {
      // Not a content stream we can read (a font or image): no text in it.
    }
  }
}

function decodeHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('latin1');
}
