import { useState } from 'preact/hooks';
import type { InvoiceDetail, ReviewResult } from '../api/invoice';
import { useCommand } from '../lib/use-command';

/** Review (every finding at once) and issue a draft, each through its HTTP command. */
export function DraftActions({ invoice, onDone }: { invoice: InvoiceDetail; onDone: () => void }) {
  const review = useCommand<ReviewResult>();
  const issue = useCommand<unknown>(() => onDone());
  const base = `/invoicing/invoices/${invoice.invoiceId}`;
  const findings = review.result ?? invoice.lastReview;
  return (
    <section aria-labelledby="draft-actions">
      <h2 id="draft-actions">Review and issue</h2>
      <button
        type="button"
        disabled={review.busy}
        onClick={() => void review.run(`${base}/review`, {})}
      >
        Review
      </button>{' '}
      <button
        type="button"
        disabled={issue.busy}
        onClick={() => void issue.run(`${base}/issue`, {})}
      >
        Issue
      </button>
      {findings && (
        <div role="status" data-testid="review-findings">
          {findings.ready ? (
            <p>Review found nothing to fix: ready to issue.</p>
          ) : (
            <ul>
              {findings.problems.map((p) => (
                <li key={`${p.code}-${p.field}`}>
                  {p.code} ({p.field}): {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {[review.error, issue.error].filter(Boolean).map((e) => (
        <p role="alert" key={e}>
          {e}
        </p>
      ))}
    </section>
  );
}

const reasons = ['billing_error', 'dispute', 'goodwill', 'write_off'] as const;

/** A credit note for an amount of an issued invoice (approval may be needed above a threshold). */
export function CreditNoteForm({
  invoice,
  onDone,
}: {
  invoice: InvoiceDetail;
  onDone: () => void;
}) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState<string>('billing_error');
  const [memo, setMemo] = useState('');
  const command = useCommand<{ status?: string; number?: string }>(() => onDone());
  const submit = (e: Event) => {
    e.preventDefault();
    void command.run(`/invoicing/invoices/${invoice.invoiceId}/credit-notes`, {
      scope: 'amount',
      amount,
      reason,
      ...(memo.trim() ? { memo: memo.trim() } : {}),
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="credit-title" data-testid="credit-form">
      <h2 id="credit-title">Credit note</h2>
      <label for="credit-amount">Amount</label>{' '}
      <input
        id="credit-amount"
        inputMode="decimal"
        value={amount}
        onInput={(e) => setAmount((e.target as HTMLInputElement).value)}
      />{' '}
      <label for="credit-reason">Reason</label>{' '}
      <select
        id="credit-reason"
        value={reason}
        onChange={(e) => setReason((e.target as HTMLSelectElement).value)}
      >
        {reasons.map((r) => (
          <option key={r} value={r}>
            {r.replace('_', ' ')}
          </option>
        ))}
      </select>{' '}
      <label for="credit-memo">Memo</label>{' '}
      <input
        id="credit-memo"
        value={memo}
        onInput={(e) => setMemo((e.target as HTMLInputElement).value)}
      />{' '}
      <button type="submit" disabled={command.busy}>
        Issue the credit note
      </button>
      {command.error && <p role="alert">{command.error}</p>}
      {command.result && (
        <p role="status">
          Credit note {command.result.number ?? ''} {command.result.status ?? 'recorded'}.
        </p>
      )}
    </form>
  );
}
