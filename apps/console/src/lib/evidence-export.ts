// The project's one CSV cell encoder (RFC 4180, formula-safe), shared with the CLI's exports so a
// console export and a CLI export of the same rows encode every cell alike.
import { csvHeader, csvRecord, type CsvColumn } from '@billing/csv';
import { getJson } from '../api/client';
import type { EvidenceRow } from '../views/evidence';
import { sha256Hex } from './canonical-json';

const columns: ReadonlyArray<CsvColumn<EvidenceRow>> = [
  { header: 'globalPosition', kind: 'number', value: (r) => r.globalPosition },
  { header: 'eventId', kind: 'text', value: (r) => r.eventId },
  { header: 'type', kind: 'text', value: (r) => r.event?.type ?? r.kind },
  { header: 'document', kind: 'text', value: (r) => r.invoiceNumber },
  { header: 'businessDate', kind: 'text', value: (r) => r.businessDate },
  { header: 'recordedAt', kind: 'text', value: (r) => r.event?.recordedAt },
  { header: 'actor', kind: 'text', value: (r) => r.event?.actorId },
  { header: 'correlationId', kind: 'text', value: (r) => r.event?.correlationId },
  { header: 'reference', kind: 'text', value: (r) => r.reference },
  { header: 'amount', kind: 'number', value: (r) => r.amount },
];

export interface ExportView {
  account: string;
  asOf: string;
  date: string;
  figure: string;
  figureValue: string;
}

export interface ExportFiles {
  name: string;
  body: string;
  manifest: string;
}

/**
 * The rows behind a figure as CSV or JSONL, and a manifest naming the exact view (account, as-of,
 * aging date, figure), the row count, the file's SHA-256 and the chain head when it was made.
 */
export async function exportEvidence(
  view: ExportView,
  rows: EvidenceRow[],
  format: 'csv' | 'jsonl',
): Promise<ExportFiles> {
  const body =
    format === 'csv'
      ? csvHeader(columns) + rows.map((r) => csvRecord(columns, r)).join('')
      : rows.map((r) => JSON.stringify(jsonOf(r))).join('\n') + (rows.length ? '\n' : '');
  const head = await getJson<{ position: number; hash: string }>('/audit/head').catch(() => null);
  const name = `evidence-${view.account}-${view.asOf}-${view.figure.replace(/[^a-zA-Z0-9]+/g, '-')}.${format}`;
  const manifest = {
    file: name,
    view: { ...view, url: window.location.href },
    rows: rows.length,
    sha256: await sha256Hex(body),
    chainHead: head ? `${head.position}:${head.hash}` : null,
  };
  return { name, body, manifest: `${JSON.stringify(manifest, null, 2)}\n` };
}

function jsonOf(r: EvidenceRow) {
  return Object.fromEntries(columns.map((c) => [c.header, c.value(r) ?? null]));
}

/** Offers a text or a fetched file as a file download (the browser's own save). */
export function download(name: string, content: string | Blob, type: string): void {
  const url = URL.createObjectURL(
    typeof content === 'string' ? new Blob([content], { type }) : content,
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
