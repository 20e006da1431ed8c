import type { AccountAging, AccountReplay } from '../api/types';
import { bucketNames } from '../api/types';
import { bucketLabel } from './evidence';

type Open = (figureKey: string) => void;

/** A figure the server computed, as a button that lists the events behind it. */
function Figure({
  value,
  figureKey,
  label,
  onOpen,
}: {
  value: string;
  figureKey: string;
  label: string;
  onOpen: Open;
}) {
  return (
    <button
      type="button"
      class="figure"
      data-figure={figureKey}
      aria-label={`${label}: ${value}. Show the events behind it`}
      onClick={() => onOpen(figureKey)}
    >
      {value}
    </button>
  );
}

export function BalanceFigures({ replay, onOpen }: { replay: AccountReplay; onOpen: Open }) {
  if (replay.balances.length === 0) return <p>No money has moved on this account yet.</p>;
  return (
    <table data-testid="balances">
      <caption>Balances (replayed from the log)</caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <th scope="col" class="num">
            Invoiced
          </th>
          <th scope="col" class="num">
            Paid
          </th>
          <th scope="col" class="num">
            Credited
          </th>
          <th scope="col" class="num">
            Unapplied credit
          </th>
          <th scope="col" class="num">
            Open receivable
          </th>
          <th scope="col" class="num">
            Balance due
          </th>
        </tr>
      </thead>
      <tbody>
        {replay.balances.map((b) => (
          <tr key={b.currency} data-currency={b.currency}>
            <th scope="row">{b.currency}</th>
            <td class="num">{b.invoiced}</td>
            <td class="num">{b.paid}</td>
            <td class="num">{b.credited}</td>
            <td class="num">{b.unappliedCredit}</td>
            <td class="num">
              <Figure
                value={b.openReceivable}
                figureKey={`open:${b.currency}`}
                label={`Open receivable ${b.currency}`}
                onOpen={onOpen}
              />
            </td>
            <td class="num" data-testid={`balance-due-${b.currency}`}>
              {b.balanceDue}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OpenItems({
  replay,
  onOpen,
  invoiceHref,
}: {
  replay: AccountReplay;
  onOpen: Open;
  invoiceHref: (id: string) => string;
}) {
  const open = replay.invoices.filter((i) => Number(i.amountOpen) !== 0);
  if (open.length === 0) return <p>No open items at this moment.</p>;
  return (
    <table data-testid="open-items">
      <caption>Open items</caption>
      <thead>
        <tr>
          <th scope="col">Invoice</th>
          <th scope="col">Issued</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">
            Total
          </th>
          <th scope="col" class="num">
            Amount open
          </th>
        </tr>
      </thead>
      <tbody>
        {open.map((i) => (
          <tr key={i.invoiceId}>
            <th scope="row">
              <a href={invoiceHref(i.invoiceId)}>{i.number ?? 'draft'}</a>
            </th>
            <td>{i.issueDate}</td>
            <td>{i.dueDate}</td>
            <td>{i.status}</td>
            <td class="num">{i.total}</td>
            <td class="num">
              <Figure
                value={i.amountOpen}
                figureKey={`invoice:${i.invoiceId}`}
                label={`Amount open of ${i.number ?? i.invoiceId}`}
                onOpen={onOpen}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AgingFigures({ aging, onOpen }: { aging: AccountAging; onOpen: Open }) {
  if (aging.accounts.length === 0) return <p>Nothing to age at {aging.asOf}.</p>;
  return (
    <table data-testid="aging">
      <caption>Aging at {aging.asOf}</caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          {bucketNames.map((b) => (
            <th scope="col" class="num" key={b}>
              {bucketLabel(b)}
            </th>
          ))}
          <th scope="col" class="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {aging.accounts.map((a) => (
          <tr key={a.currency} data-currency={a.currency}>
            <th scope="row">{a.currency}</th>
            {bucketNames.map((b) => (
              <td class="num" key={b}>
                <Figure
                  value={a.buckets[b]}
                  figureKey={`bucket:${a.currency}:${b}`}
                  label={`Aging ${bucketLabel(b)} ${a.currency}`}
                  onOpen={onOpen}
                />
              </td>
            ))}
            <td class="num" data-testid={`aging-total-${a.currency}`}>
              {a.buckets.total}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
