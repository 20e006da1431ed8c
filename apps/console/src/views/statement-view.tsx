import { useState } from 'preact/hooks';
import { accountStatement, statementPath, type Statement } from '../api/ledger';
import { hrefOf, navigate } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { PdfButton } from './pdf-button';

/** The first day of the year of a date and the date itself: the default period, this year so far. */
function defaultPeriod(): { from: string; to: string } {
  const today = new Date().toISOString().slice(0, 10);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/**
 * An account's customer statement for a period (the ledger's figures), printable and as the
 * server's PDF; the account and period are in the URL so a statement can be cited.
 */
export function StatementView({ params }: { params: Record<string, string> }) {
  const account = params['account'] ?? '';
  const period = { ...defaultPeriod(), ...pick(params, ['from', 'to']) };
  const loaded = useLoad(
    () => accountStatement(account, period.from, period.to),
    [account, period.from, period.to],
    { keep: true },
  );
  return (
    <article>
      <h1>Statement</h1>
      <p>
        <a href={hrefOf('account', { account })}>Back to the account</a>
      </p>
      <PeriodForm account={account} period={period} />
      <p>
        <PdfButton
          path={`${statementPath(account)}/pdf`}
          query={period}
          fileName={`statement-${account}-${period.from}-${period.to}.pdf`}
          label="Download the statement as PDF"
        />{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      {loaded.state === 'loading' && <p role="status">Loading the statement…</p>}
      {loaded.state === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ready' && <StatementTables statement={loaded.value} />}
    </article>
  );
}

function pick(params: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => params[k]).map((k) => [k, params[k] as string]));
}

function PeriodForm({
  account,
  period,
}: {
  account: string;
  period: { from: string; to: string };
}) {
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const submit = (e: Event) => {
    e.preventDefault();
    navigate('statement', { account, from, to });
  };
  return (
    <form onSubmit={submit} aria-label="Period">
      <label for="statement-from">From</label>{' '}
      <input
        id="statement-from"
        type="date"
        value={from}
        onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
      />{' '}
      <label for="statement-to">To</label>{' '}
      <input
        id="statement-to"
        type="date"
        value={to}
        onInput={(e) => setTo((e.target as HTMLInputElement).value)}
      />{' '}
      <button type="submit">Show the period</button>
    </form>
  );
}

function StatementTables({ statement }: { statement: Statement }) {
  if (statement.currencies.length === 0) return <p>The ledger has no movement of this account.</p>;
  return (
    <>
      {statement.currencies.map((c) => (
        <table key={c.currency} data-testid="statement" data-currency={c.currency}>
          <caption>
            {c.currency}: opening balance {c.openingBalance}, charges {c.charges}, credits{' '}
            {c.credits}, closing balance{' '}
            <span data-testid="closing-balance">{c.closingBalance}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Reference</th>
              <th scope="col">Description</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col" class="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {c.lines.map((l) => (
              <tr key={l.eventId}>
                <td>{l.businessDate}</td>
                <th scope="row">{l.reference}</th>
                <td>{l.description}</td>
                <td class="num">{l.amount}</td>
                <td class="num">{l.runningBalance}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
