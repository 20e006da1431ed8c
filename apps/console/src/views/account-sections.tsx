import type {
  BillingAccount,
  CollectionStatus,
  InvoiceSummary,
  OpenDisputes,
  Payment,
} from '../api/coordinator';
import { sumDecimals } from '../lib/decimal';
import { hrefOf } from '../lib/route';

export function BillingDetails({ account }: { account: BillingAccount }) {
  const problems = account.verificationProblems.map((p) =>
    typeof p === 'string' ? p : `${p.field ?? ''} ${p.reason ?? ''}`.trim(),
  );
  return (
    <dl class="details">
      <dt>Contact</dt>
      <dd>
        {account.billingContactName} · {account.email}
      </dd>
      <dt>Address</dt>
      <dd>{account.address ? Object.values(account.address).join(', ') : 'none on record'}</dd>
      <dt>Tax id</dt>
      <dd>{account.taxId ?? 'none'}</dd>
      <dt>Terms</dt>
      <dd>
        {account.paymentTermsDays} days, {account.currency}
      </dd>
      <dt>Status</dt>
      <dd>
        {account.status}
        {account.onHold ? ` · on credit hold (${account.holdReason ?? ''})` : ''}
      </dd>
      <dt>Verification</dt>
      <dd data-testid="verification">
        {account.verified ? 'verified' : `gaps: ${problems.join('; ') || 'not verified yet'}`}
      </dd>
    </dl>
  );
}

export function Invoices({ account, invoices }: { account: string; invoices: InvoiceSummary[] }) {
  if (invoices.length === 0) return <p>No invoices.</p>;
  return (
    <table data-testid="account-invoices">
      <caption class="sr-only">Invoices of this account</caption>
      <thead>
        <tr>
          <th scope="col">Invoice</th>
          <th scope="col">Status</th>
          <th scope="col">Issued</th>
          <th scope="col">Due</th>
          <th scope="col" class="num">
            Total
          </th>
          <th scope="col" class="num">
            Open
          </th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((i) => (
          <tr key={i.invoiceId}>
            <th scope="row">
              <a href={hrefOf('invoice', { id: i.invoiceId, account })}>
                {i.number ?? `draft ${i.invoiceId.slice(0, 8)}`}
              </a>
            </th>
            <td>{i.status}</td>
            <td>{i.issueDate ?? ''}</td>
            <td>{i.dueDate ?? ''}</td>
            <td class="num">{i.total}</td>
            <td class="num">{i.amountOpen}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Payments({ payments }: { payments: Payment[] }) {
  if (payments.length === 0) return <p>No payments.</p>;
  const unapplied = sumDecimals(payments.map((p) => p.unapplied));
  return (
    <>
      <table data-testid="account-payments">
        <caption class="sr-only">Payments of this account</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Received</th>
            <th scope="col">Method</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Amount
            </th>
            <th scope="col" class="num">
              Applied
            </th>
            <th scope="col" class="num">
              Unapplied
            </th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.paymentId}>
              <th scope="row">{p.externalReference}</th>
              <td>{p.receivedDate}</td>
              <td>{p.method}</td>
              <td>{p.status}</td>
              <td class="num">{p.amount}</td>
              <td class="num">{p.applied}</td>
              <td class="num">{p.unapplied}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Unapplied credit: <strong data-testid="unapplied">{unapplied}</strong>
      </p>
    </>
  );
}

export function CollectionState({ status }: { status: CollectionStatus }) {
  const open = status.invoices.filter((i) => Number(i.amountOpen) !== 0);
  if (open.length === 0) return <p>Nothing to collect as of {status.asOf}.</p>;
  return (
    <table data-testid="collection-state">
      <caption class="sr-only">Collection state as of {status.asOf}</caption>
      <thead>
        <tr>
          <th scope="col">Invoice</th>
          <th scope="col" class="num">
            Days overdue
          </th>
          <th scope="col">Reminders sent</th>
          <th scope="col">Promise / plan</th>
          <th scope="col">Next</th>
        </tr>
      </thead>
      <tbody>
        {open.map((i) => (
          <tr key={i.invoiceId}>
            <th scope="row">{i.invoiceNumber}</th>
            <td class="num">{i.daysOverdue}</td>
            <td>{i.stepsTaken.map((s) => `${s.step} on ${s.takenOn}`).join(', ') || 'none'}</td>
            <td>
              {i.promise
                ? `promise ${JSON.stringify(i.promise)}`
                : i.planId
                  ? `plan ${i.planId}`
                  : 'none'}
            </td>
            <td>
              {i.nextStep
                ? `${i.nextStep.step} (${i.nextStep.channels.join(', ')}) on ${i.nextStep.dueOn}`
                : 'nothing scheduled'}
              {i.blockedBy && i.blockedBy !== 'no_step_due' ? ` · ${i.blockedBy}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Disputes({
  disputes,
  invoices,
}: {
  disputes: OpenDisputes;
  invoices: InvoiceSummary[];
}) {
  if (disputes.count === 0) return <p>No open disputes.</p>;
  const numberOf = (id: string) => invoices.find((i) => i.invoiceId === id)?.number ?? id;
  return (
    <ul data-testid="account-disputes">
      {disputes.disputes.map((d) => (
        <li key={d.disputeId}>
          {numberOf(d.invoiceId)} · open · {d.reasonCategory.replace(/_/g, ' ')} · {d.amount}{' '}
          {d.currency}
        </li>
      ))}
    </ul>
  );
}
