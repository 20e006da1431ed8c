import { useState } from 'preact/hooks';
import type { InvoiceCorrection, InvoiceDetail } from '../api/invoice';
import { navigate } from '../lib/route';
import { useCommand } from '../lib/use-command';

interface LineInput {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

const fields: ReadonlyArray<{ key: keyof LineInput; label: string; decimal: boolean }> = [
  { key: 'description', label: 'description', decimal: false },
  { key: 'quantity', label: 'quantity', decimal: true },
  { key: 'unitPrice', label: 'unit price', decimal: true },
  { key: 'taxRate', label: 'tax rate', decimal: true },
];

/** Whether the service takes a correction: issued, with nothing paid, credited or written off. */
export function correctable(invoice: InvoiceDetail): boolean {
  return invoice.status === 'issued' && invoice.amountOpen === invoice.total;
}

/**
 * Corrects an issued invoice in one command: the service credits it in full (a billing-error
 * credit note) and drafts the corrected copy with the lines given here, which start as the
 * original's. The corrected draft is then reviewed and issued like any other.
 */
export function CorrectionForm({ invoice }: { invoice: InvoiceDetail }) {
  const [lines, setLines] = useState<LineInput[]>(() =>
    invoice.lines.map(({ description, quantity, unitPrice, taxRate }) => ({
      description,
      quantity,
      unitPrice,
      taxRate,
    })),
  );
  const [memo, setMemo] = useState('');
  const command = useCommand<InvoiceCorrection>((answer) =>
    navigate('invoice', { id: answer.corrected.invoiceId }),
  );
  const change = (index: number, key: keyof LineInput, value: string) =>
    setLines(lines.map((line, i) => (i === index ? { ...line, [key]: value } : line)));
  const submit = (e: Event) => {
    e.preventDefault();
    void command.run(`/invoicing/invoices/${invoice.invoiceId}/correction`, {
      lines,
      ...(memo.trim() ? { memo: memo.trim() } : {}),
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="correction-title" data-testid="correction-form">
      <h2 id="correction-title">Correct the invoice</h2>
      <p>
        Credits {invoice.number} in full ({invoice.total} {invoice.currency}, reason billing error)
        and drafts a corrected invoice with these lines, to review and issue.
      </p>
      {lines.map((line, index) => (
        <LineFieldset
          key={index}
          index={index}
          line={line}
          onChange={(key, value) => change(index, key, value)}
          onRemove={
            lines.length > 1 ? () => setLines(lines.filter((_, i) => i !== index)) : undefined
          }
        />
      ))}
      <button
        type="button"
        onClick={() =>
          setLines([...lines, { description: '', quantity: '1', unitPrice: '', taxRate: '0' }])
        }
      >
        Add a line
      </button>{' '}
      <label for="correct-memo">Why it is corrected</label>{' '}
      <input
        id="correct-memo"
        value={memo}
        onInput={(e) => setMemo((e.target as HTMLInputElement).value)}
      />{' '}
      <button type="submit" disabled={command.busy}>
        Credit it and draft the correction
      </button>
      {command.error && <p role="alert">{command.error}</p>}
    </form>
  );
}

function LineFieldset({
  index,
  line,
  onChange,
  onRemove,
}: {
  index: number;
  line: LineInput;
  onChange: (key: keyof LineInput, value: string) => void;
  onRemove: (() => void) | undefined;
}) {
  return (
    <fieldset>
      <legend>Line {index + 1}</legend>
      {fields.map((f) => (
        <span key={f.key}>
          <label for={`correct-${index}-${f.key}`}>{`Line ${index + 1} ${f.label}`}</label>{' '}
          <input
            id={`correct-${index}-${f.key}`}
            value={line[f.key]}
            {...(f.decimal ? { inputMode: 'decimal' as const } : {})}
            onInput={(e) => onChange(f.key, (e.target as HTMLInputElement).value)}
          />{' '}
        </span>
      ))}
      {onRemove && (
        <button type="button" onClick={onRemove}>
          Remove line {index + 1}
        </button>
      )}
    </fieldset>
  );
}
