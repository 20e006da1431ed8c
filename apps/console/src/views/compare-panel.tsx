import { accountAging, replayAccount } from '../api/ledger';
import type { AccountAging, AccountReplay } from '../api/types';
import { sameAmount, sumDecimals } from '../lib/decimal';
import { useLoad } from '../lib/use-load';
import { compareMoments, type Comparison } from './compare';
import { bucketLabel } from './evidence';

interface Props {
  account: string;
  from: string;
  fromDate: string;
  current: { replay: AccountReplay; aging: AccountAging };
}

/** The account between the comparison moment (`from` in the URL) and the moment on the slider. */
export function ComparePanel({ account, from, fromDate, current }: Props) {
  const loaded = useLoad(
    () => Promise.all([replayAccount(account, from), accountAging(account, fromDate, from)]),
    [account, from, fromDate],
  );
  if (loaded.state !== 'ready')
    return (
      <p role="status">
        {loaded.state === 'failed' ? loaded.message : 'Replaying the earlier moment…'}
      </p>
    );
  const [replay, aging] = loaded.value;
  const currency = current.replay.balances[0]?.currency ?? replay.balances[0]?.currency ?? 'USD';
  const c = compareMoments(currency, { replay, aging }, current);
  const sum = sumDecimals(c.rows.map((r) => r.amount));
  return (
    <section aria-labelledby="compare-title" data-testid="compare">
      <h2 id="compare-title">
        From position {from} ({fromDate}) to position {current.replay.computedAt.position} (
        {current.aging.asOf})
      </h2>
      <p>
        Open receivable ({currency}): {c.before} → {c.after}, a change of{' '}
        <strong data-testid="compare-change">{c.change}</strong>.
      </p>
      <ChangeTable comparison={c} sum={sum} />
      <p role="status" class={sameAmount(sum, c.change) ? 'ok' : 'bad'}>
        {sameAmount(sum, c.change)
          ? `The events add up to the change: ${sum} = ${c.change}.`
          : `The events add up to ${sum}, not to the change ${c.change}.`}
      </p>
      <p>
        Invoices opened: {c.opened.join(', ') || 'none'}. Invoices closed:{' '}
        {c.closed.join(', ') || 'none'}.
      </p>
      <AgingMoves comparison={c} />
      <p>
        Collections events in between:{' '}
        {c.dunning.map((d) => `${d.type} (${d.occurredAt.slice(0, 10)})`).join(', ') || 'none'}.
      </p>
    </section>
  );
}

function ChangeTable({ comparison: c, sum }: { comparison: Comparison; sum: string }) {
  return (
    <table>
      <caption>The change, event by event</caption>
      <thead>
        <tr>
          <th scope="col">Position</th>
          <th scope="col">Type</th>
          <th scope="col">Document</th>
          <th scope="col">Business date</th>
          <th scope="col">Actor</th>
          <th scope="col" class="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {c.rows.map((r) => (
          <tr key={r.eventId} data-testid="compare-row">
            <td>{r.globalPosition}</td>
            <td>{r.event?.type ?? r.kind}</td>
            <td>{r.invoiceNumber ?? ''}</td>
            <td>{r.businessDate}</td>
            <td>{r.event?.actorId ?? ''}</td>
            <td class="num">{r.amount}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={5}>
            Sum
          </th>
          <td class="num" data-testid="compare-sum">
            {sum}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function AgingMoves({ comparison: c }: { comparison: Comparison }) {
  return (
    <table>
      <caption>Aging moves</caption>
      <thead>
        <tr>
          <th scope="col">Bucket</th>
          <th scope="col" class="num">
            Before
          </th>
          <th scope="col" class="num">
            After
          </th>
        </tr>
      </thead>
      <tbody>
        {c.agingMoves.map((m) => (
          <tr key={m.bucket}>
            <th scope="row">{bucketLabel(m.bucket)}</th>
            <td class="num">{m.before}</td>
            <td class="num">{m.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
