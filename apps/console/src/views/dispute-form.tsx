import { useState } from 'preact/hooks';
import type { InvoiceDetail } from '../api/invoice';
import { useCommand } from '../lib/use-command';

const categories = [
  'pricing_error',
  'service_not_received',
  'duplicate_charge',
  'quality',
  'unauthorised_charge',
  'other',
] as const;

/** POST /disputes/disputes on the lines the customer contests, with what the customer said. */
export function DisputeForm({ invoice, onDone }: { invoice: InvoiceDetail; onDone: () => void }) {
  const [lines, setLines] = useState<string[]>([]);
  const [category, setCategory] = useState<string>('pricing_error');
  const [statement, setStatement] = useState('');
  // An amount disputes part of the invoice (it may not exceed what is still open); the lines
  // ticked are then named in the customer's statement, as the service takes lines or an amount.
  const [amount, setAmount] = useState('');
  const command = useCommand<{ disputeId: string; status: string }>(() => onDone());
  const toggle = (lineId: string, on: boolean) =>
    setLines(on ? [...lines, lineId] : lines.filter((l) => l !== lineId));
  const submit = (e: Event) => {
    e.preventDefault();
    void command.run('/disputes/disputes', {
      invoiceId: invoice.invoiceId,
      scope: amount.trim() ? 'amount' : 'lines',
      ...(amount.trim() ? { amount: amount.trim() } : {}),
      ...(amount.trim() ? {} : { lineIds: lines }),
      reasonCategory: category,
      customerStatement: statement,
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="dispute-title" data-testid="dispute-form">
      <h2 id="dispute-title">Open a dispute</h2>
      <fieldset>
        <legend>Disputed lines</legend>
        {invoice.lines.map((l) => (
          <div key={l.lineId}>
            <input
              type="checkbox"
              id={`dispute-${l.lineId}`}
              checked={lines.includes(l.lineId)}
              onChange={(e) => toggle(l.lineId, (e.target as HTMLInputElement).checked)}
            />{' '}
            <label for={`dispute-${l.lineId}`}>
              {l.description} ({l.total})
            </label>
          </div>
        ))}
      </fieldset>
      <label for="dispute-amount">Disputed amount (optional)</label>{' '}
      <input
        id="dispute-amount"
        inputMode="decimal"
        value={amount}
        onInput={(e) => setAmount((e.target as HTMLInputElement).value)}
      />{' '}
      <label for="dispute-category">Dispute reason</label>{' '}
      <select
        id="dispute-category"
        value={category}
        onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}
      >
        {categories.map((c) => (
          <option key={c} value={c}>
            {c.replace(/_/g, ' ')}
          </option>
        ))}
      </select>{' '}
      <label for="dispute-statement">What the customer said</label>{' '}
      <input
        id="dispute-statement"
        value={statement}
        onInput={(e) => setStatement((e.target as HTMLInputElement).value)}
      />{' '}
      <button type="submit" disabled={command.busy}>
        Open the dispute
      </button>
      {command.error && <p role="alert">{command.error}</p>}
      {command.result && (
        <p role="status">
          Dispute {command.result.disputeId} {command.result.status}.
        </p>
      )}
    </form>
  );
}
