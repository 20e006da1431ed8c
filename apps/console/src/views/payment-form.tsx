import { useState } from 'preact/hooks';
import type { OpenInvoice } from '../api/coordinator';
import { sumDecimals } from '../lib/decimal';
import { useCommand } from '../lib/use-command';

interface Props {
  account: string;
  currency: string;
  openInvoices: OpenInvoice[];
  onPosted: () => void;
}

/**
 * POST /payments/payments with an Idempotency-Key. Amounts typed against open invoices become
 * the remittance; the preview shows what goes where and what stays unapplied before it is sent.
 */
export function PaymentForm({ account, currency, openInvoices, onPosted }: Props) {
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [receivedDate, setReceivedDate] = useState('');
  const [remit, setRemit] = useState<Record<string, string>>({});
  const command = useCommand<{ paymentId: string }>(() => onPosted());
  const lines = Object.entries(remit).filter(([, value]) => value.trim() !== '');
  const submit = (e: Event) => {
    e.preventDefault();
    void command.run('/payments/payments', {
      billingAccountId: account,
      amount,
      currency,
      method: 'bank_transfer',
      externalReference: reference,
      receivedDate,
      ...(lines.length > 0
        ? { remittance: lines.map(([invoiceId, value]) => ({ invoiceId, amount: value })) }
        : {}),
    });
  };
  return (
    <form onSubmit={submit} data-testid="payment-form">
      <label for="pay-amount">Amount ({currency})</label>{' '}
      <input
        id="pay-amount"
        inputMode="decimal"
        value={amount}
        onInput={(e) => setAmount((e.target as HTMLInputElement).value)}
      />{' '}
      <label for="pay-reference">Bank reference</label>{' '}
      <input
        id="pay-reference"
        value={reference}
        onInput={(e) => setReference((e.target as HTMLInputElement).value)}
      />{' '}
      <label for="pay-date">Received on</label>{' '}
      <input
        id="pay-date"
        type="date"
        value={receivedDate}
        onInput={(e) => setReceivedDate((e.target as HTMLInputElement).value)}
      />
      <RemittanceInputs openInvoices={openInvoices} remit={remit} setRemit={setRemit} />
      <AllocationPreview amount={amount} lines={lines} openInvoices={openInvoices} />
      <button type="submit" disabled={command.busy}>
        Post the payment
      </button>
      {command.error && <p role="alert">{command.error}</p>}
      {command.result && <p role="status">Payment {command.result.paymentId} posted.</p>}
    </form>
  );
}

function RemittanceInputs({
  openInvoices,
  remit,
  setRemit,
}: {
  openInvoices: OpenInvoice[];
  remit: Record<string, string>;
  setRemit: (next: Record<string, string>) => void;
}) {
  if (openInvoices.length === 0) return null;
  return (
    <fieldset>
      <legend>Apply to (optional remittance)</legend>
      {openInvoices.map((i) => (
        <div key={i.invoiceId}>
          <label for={`remit-${i.invoiceId}`}>
            {i.number} (open {i.amountOpen}, due {i.dueDate})
          </label>{' '}
          <input
            id={`remit-${i.invoiceId}`}
            inputMode="decimal"
            value={remit[i.invoiceId] ?? ''}
            onInput={(e) =>
              setRemit({ ...remit, [i.invoiceId]: (e.target as HTMLInputElement).value })
            }
          />
        </div>
      ))}
    </fieldset>
  );
}

function AllocationPreview({
  amount,
  lines,
  openInvoices,
}: {
  amount: string;
  lines: Array<[string, string]>;
  openInvoices: OpenInvoice[];
}) {
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) return null;
  if (lines.some(([, v]) => !/^\d+(\.\d{1,2})?$/.test(v)))
    return <p role="status">Amounts to apply must be decimal amounts.</p>;
  const numberOf = (id: string) => openInvoices.find((i) => i.invoiceId === id)?.number ?? id;
  const applied = sumDecimals(lines.map(([, v]) => v));
  const rest = sumDecimals([amount, `-${applied}`]);
  return (
    <div role="status" data-testid="allocation-preview">
      {lines.length === 0 ? (
        <p>
          Preview: {amount} is applied by the payments service to the open invoices, oldest due date
          first; what is left stays unapplied credit.
        </p>
      ) : (
        <p>
          Preview: {lines.map(([id, v]) => `${v} to ${numberOf(id)}`).join(', ')};{' '}
          {rest.startsWith('-')
            ? `more than the payment by ${rest.slice(1)}: it will be refused`
            : `${rest} stays unapplied credit`}
          .
        </p>
      )}
    </div>
  );
}
