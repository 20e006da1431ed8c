import { Fragment } from 'preact';
import { getJson } from '../api/client';
import { hrefOf, navigate } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { drillMetric, type MetricDrill, type MetricsAnswer } from './metrics';

type Params = Record<string, string>;

/** Billing metrics for a period, each figure opening the invoices the server counted in it. */
export function DashboardView({ params }: { params: Params }) {
  const from = params['from'] ?? `${new Date().getFullYear()}-01-01`;
  const to = params['to'] ?? new Date().toISOString().slice(0, 10);
  const loaded = useLoad(
    () => getJson<MetricsAnswer>('/ledger/metrics', { from, to, explain: 'true' }),
    [from, to],
  );
  const set = (next: Params) => navigate('dashboard', { ...params, from, to, ...next });
  return (
    <>
      <h1>
        Billing metrics from {from} to {to}
      </h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label for="m-from">From</label>{' '}
        <input
          id="m-from"
          type="date"
          value={from}
          onChange={(e) => set({ from: (e.target as HTMLInputElement).value })}
        />{' '}
        <label for="m-to">To</label>{' '}
        <input
          id="m-to"
          type="date"
          value={to}
          onChange={(e) => set({ to: (e.target as HTMLInputElement).value })}
        />
      </form>
      {loaded.state === 'loading' && <p role="status">Loading the metrics…</p>}
      {loaded.state === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ready' && (
        <Metrics answer={loaded.value} params={params} open={(figure) => set({ figure })} />
      )}
    </>
  );
}

type Figure = (key: string, value: string, label: string) => preact.JSX.Element;

function Metrics({
  answer,
  params,
  open,
}: {
  answer: MetricsAnswer;
  params: Params;
  open: (key: string) => void;
}) {
  const drill = params['figure'] ? drillMetric(answer, params['figure']) : undefined;
  const figure: Figure = (key, value, label) => (
    <button
      type="button"
      class="figure"
      data-figure={key}
      aria-label={`${label}: ${value}. Show the invoices behind it`}
      onClick={() => open(key)}
    >
      {value}
    </button>
  );
  const m = answer.metrics;
  return (
    <>
      <dl class="details" data-testid="metrics">
        <dt>Invoices fully paid</dt>
        <dd>
          {figure('paid', String(m.paymentTurnaround.invoicesFullyPaid), 'Invoices fully paid')}, in{' '}
          {m.paymentTurnaround.averageDays ?? '–'} days on average
        </dd>
        <dt>Discrepancy rate</dt>
        <dd>
          {figure('corrected', String(answer.discrepancy.invoicesCorrected), 'Invoices corrected')}{' '}
          of {answer.discrepancy.invoicesIssued} issued (
          {answer.discrepancy.discrepancyRatePercent ?? '–'} %)
        </dd>
        {m.overdue.amounts.map((a) => (
          <OverdueFigures key={a.currency} amounts={a} figure={figure} />
        ))}
        {answer.collectionEffectiveness.map((c) => (
          <CollectionFigures
            key={c.currency}
            cei={c}
            figure={figure}
            dso={
              answer.daysSalesOutstanding.find((d) => d.currency === c.currency)?.dsoDays ?? null
            }
          />
        ))}
      </dl>
      {drill && <MetricPanel drill={drill} />}
    </>
  );
}

function OverdueFigures({
  amounts: a,
  figure,
}: {
  amounts: MetricsAnswer['metrics']['overdue']['amounts'][number];
  figure: Figure;
}) {
  return (
    <Fragment>
      <dt>Amount overdue ({a.currency})</dt>
      <dd>
        {figure(`overdue:${a.currency}`, a.amountOverdue, `Amount overdue ${a.currency}`)} of{' '}
        {a.amountOpen} open
      </dd>
    </Fragment>
  );
}

function CollectionFigures({
  cei: c,
  dso,
  figure,
}: {
  cei: MetricsAnswer['collectionEffectiveness'][number];
  dso: string | null;
  figure: Figure;
}) {
  return (
    <Fragment>
      <dt>Collection effectiveness ({c.currency})</dt>
      <dd>
        {c.ceiPercent ?? '–'} %: credit sales{' '}
        {figure(`sales:${c.currency}`, c.creditSales, `Credit sales ${c.currency}`)}, ending
        receivables{' '}
        {figure(
          `receivables:${c.currency}`,
          c.endingReceivables,
          `Ending receivables ${c.currency}`,
        )}
      </dd>
      <dt>Days sales outstanding ({c.currency})</dt>
      <dd>{dso ?? '–'}</dd>
    </Fragment>
  );
}

function MetricPanel({ drill }: { drill: MetricDrill }) {
  return (
    <section aria-labelledby="metric-title" data-testid="metric-drill">
      <h2 id="metric-title">Invoices behind: {drill.label}</h2>
      <table>
        <caption class="sr-only">Invoices behind {drill.label}</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Account</th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {drill.rows.map((r) => (
            <tr key={r.invoiceId} data-testid="metric-row">
              <th scope="row">
                <a href={hrefOf('invoice', { id: r.invoiceId })}>{r.number ?? r.invoiceId}</a>
              </th>
              <td>
                <a href={hrefOf('audit', { account: r.billingAccountId })}>{r.billingAccountId}</a>
              </td>
              <td class="num">
                {r.amountOpen ?? r.total ?? (r.days !== undefined ? `${r.days} days` : '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" class={drill.holds ? 'ok' : 'bad'} data-testid="metric-check">
        {drill.holds
          ? `The invoices listed make up the figure: ${drill.total} = ${drill.figure}.`
          : `The invoices listed make ${drill.total}, not ${drill.figure}.`}
      </p>
    </section>
  );
}
