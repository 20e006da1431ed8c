import { sameAmount, sumDecimals } from '../lib/decimal';
import { download, exportEvidence, type ExportView } from '../lib/evidence-export';
import type { Evidence, EvidenceRow } from './evidence';

/** The events behind one figure, and their sum set against it. */
export function EvidencePanel({
  evidence,
  onClose,
  onTrail,
  view,
}: {
  evidence: Evidence;
  onClose: () => void;
  /** Opens the causation trail of a command (its correlation id). */
  onTrail: (correlationId: string) => void;
  view: Omit<ExportView, 'figureValue'>;
}) {
  const sum = sumDecimals(evidence.rows.map((r) => r.amount));
  const equal = sameAmount(sum, evidence.figure);
  return (
    <section aria-labelledby="evidence-title" class="evidence" data-testid="evidence">
      <h2 id="evidence-title">Events behind: {evidence.label}</h2>
      <table>
        <caption class="sr-only">Events behind {evidence.label}</caption>
        <thead>
          <tr>
            <th scope="col">Position</th>
            <th scope="col">Event</th>
            <th scope="col">Type</th>
            <th scope="col">Document</th>
            <th scope="col">Business date</th>
            <th scope="col">Recorded</th>
            <th scope="col">Actor</th>
            <th scope="col">Command (correlation id)</th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {evidence.rows.map((row) => (
            <EvidenceRowView key={row.eventId} row={row} onTrail={onTrail} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={8}>
              Sum of {evidence.rows.length} events
            </th>
            <td class="num" data-testid="evidence-sum">
              {sum}
            </td>
          </tr>
        </tfoot>
      </table>
      <p role="status" class={equal ? 'ok' : 'bad'} data-testid="evidence-check">
        {equal
          ? `The events add up to the figure shown: ${sum} = ${evidence.figure}.`
          : `The events add up to ${sum}, not to the figure shown (${evidence.figure}).`}
      </p>
      <ExportButtons evidence={evidence} view={{ ...view, figureValue: evidence.figure }} />{' '}
      <button type="button" onClick={onClose}>
        Close the events
      </button>
    </section>
  );
}

/** The rows as a file with its manifest: what an auditor files as evidence of this exact view. */
function ExportButtons({ evidence, view }: { evidence: Evidence; view: ExportView }) {
  const save = async (format: 'csv' | 'jsonl') => {
    const files = await exportEvidence(view, evidence.rows, format);
    download(files.name, files.body, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    download(`${files.name}.manifest.json`, files.manifest, 'application/json');
  };
  return (
    <>
      <button type="button" onClick={() => void save('csv')}>
        Export CSV with manifest
      </button>{' '}
      <button type="button" onClick={() => void save('jsonl')}>
        Export JSONL with manifest
      </button>
    </>
  );
}

function EvidenceRowView({ row, onTrail }: { row: EvidenceRow; onTrail: (id: string) => void }) {
  const correlationId = row.event?.correlationId;
  return (
    <tr data-testid="evidence-row">
      <td>{row.globalPosition}</td>
      <td class="mono">{row.eventId}</td>
      <td>{row.event?.type ?? row.kind}</td>
      <td>{row.invoiceNumber ?? ''}</td>
      <td>{row.businessDate}</td>
      <td>{row.event?.recordedAt ?? ''}</td>
      <td>{row.event?.actorId ?? ''}</td>
      <td class="mono">
        {correlationId && (
          <button type="button" class="figure" onClick={() => onTrail(correlationId)}>
            {correlationId}
          </button>
        )}
      </td>
      <td class="num" data-testid="evidence-amount">
        {row.amount}
      </td>
    </tr>
  );
}
