import { useState } from 'preact/hooks';
import { getInvoice, type InvoiceDetail } from '../api/invoice';
import { hrefOf } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { CorrectionForm, correctable } from './correction-form';
import { DisputeForm } from './dispute-form';
import { PdfButton } from './pdf-button';
import { CreditNoteForm, DraftActions } from './invoice-actions';

/** An invoice: lines, review findings, credit notes, its history, and what may be done with it. */
export function InvoiceView({ params }: { params: Record<string, string> }) {
  const id = params['id'] ?? '';
  const [version, setVersion] = useState(0);
  const loaded = useLoad(() => getInvoice(id), [id, version], { keep: true });
  if (loaded.state === 'loading') return <p role="status">Loading the invoice…</p>;
  if (loaded.state === 'failed')
    return (
      <>
        <h1>Invoice</h1>
        <p role="alert">{loaded.message}</p>
      </>
    );
  const invoice = loaded.value;
  const reload = () => setVersion(version + 1);
  return (
    <article>
      <h1 data-testid="invoice-title">
        Invoice {invoice.number ?? '(draft)'} ·{' '}
        <span data-testid="invoice-status">{invoice.status}</span>
      </h1>
      <p>
        <a href={hrefOf('account', { account: invoice.billingAccountId })}>Back to the account</a>{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>{' '}
        <PdfButton
          path={`/invoicing/invoices/${encodeURIComponent(invoice.invoiceId)}/pdf`}
          fileName={`${invoice.number ?? `draft-${invoice.invoiceId}`}.pdf`}
          label="Download the invoice as PDF"
        />
      </p>
      <InvoiceHeader invoice={invoice} />
      <InvoiceLines invoice={invoice} />
      {invoice.status === 'draft' && <DraftActions invoice={invoice} onDone={reload} />}
      {['issued', 'partially_paid', 'overdue'].includes(invoice.status) && (
        <CreditNoteForm invoice={invoice} onDone={reload} />
      )}
      {correctable(invoice) && <CorrectionForm invoice={invoice} />}
      {['issued', 'partially_paid', 'overdue'].includes(invoice.status) && (
        <DisputeForm invoice={invoice} onDone={reload} />
      )}
      <CreditNotes invoice={invoice} />
      <History invoice={invoice} />
    </article>
  );
}

function InvoiceHeader({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <dl class="details">
      <dt>Issued</dt>
      <dd>{invoice.issueDate ?? 'not yet'}</dd>
      <dt>Due</dt>
      <dd>{invoice.dueDate ?? 'not yet'}</dd>
      <dt>Total</dt>
      <dd>
        {invoice.total} {invoice.currency} (net {invoice.subtotal}, tax {invoice.taxTotal})
      </dd>
      <dt>Open</dt>
      <dd data-testid="invoice-open">{invoice.amountOpen}</dd>
      <dt>Purchase order</dt>
      <dd>{invoice.purchaseOrderNumber ?? 'none'}</dd>
      {invoice.correctsInvoiceId && (
        <>
          <dt>Corrects</dt>
          <dd>
            <a href={hrefOf('invoice', { id: invoice.correctsInvoiceId })} data-testid="corrects">
              the invoice it replaces
            </a>
          </dd>
        </>
      )}
    </dl>
  );
}

function InvoiceLines({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <table>
      <caption>Lines</caption>
      <thead>
        <tr>
          <th scope="col">Description</th>
          <th scope="col" class="num">
            Quantity
          </th>
          <th scope="col" class="num">
            Unit price
          </th>
          <th scope="col" class="num">
            Tax rate
          </th>
          <th scope="col" class="num">
            Net
          </th>
          <th scope="col" class="num">
            Tax
          </th>
          <th scope="col" class="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {invoice.lines.map((l) => (
          <tr key={l.lineId}>
            <th scope="row">{l.description}</th>
            <td class="num">{l.quantity}</td>
            <td class="num">{l.unitPrice}</td>
            <td class="num">{l.taxRate}</td>
            <td class="num">{l.net}</td>
            <td class="num">{l.tax}</td>
            <td class="num">{l.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreditNotes({ invoice }: { invoice: InvoiceDetail }) {
  if (invoice.creditNotes.length === 0) return null;
  return (
    <table data-testid="credit-notes">
      <caption>Credit notes</caption>
      <thead>
        <tr>
          <th scope="col">Number</th>
          <th scope="col">Date</th>
          <th scope="col">Reason</th>
          <th scope="col" class="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {invoice.creditNotes.map((c) => (
          <tr key={c.creditNoteId}>
            <th scope="row">{c.number}</th>
            <td>{c.issueDate}</td>
            <td>
              {c.reason}
              {c.memo ? `: ${c.memo}` : ''}
            </td>
            <td class="num">{c.amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <table class="history">
      <caption>History (business time, and when it was recorded)</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Event</th>
          <th scope="col">Business time</th>
          <th scope="col">Recorded</th>
          <th scope="col">Actor</th>
          <th scope="col">Correlation id</th>
        </tr>
      </thead>
      <tbody>
        {invoice.history.map((h) => (
          <tr key={h.version}>
            <td>{h.version}</td>
            <th scope="row">{h.type}</th>
            <td>{h.occurredAt}</td>
            <td>{h.recordedAt}</td>
            <td>{h.actorId}</td>
            <td class="mono">{h.correlationId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
