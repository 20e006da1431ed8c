import type { WorklistAnswer } from '../api/types';
import { getJson } from '../api/client';
import { hrefOf, navigate } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { sortWorklist, type WorklistEntry, type WorklistSort } from './worklist-order';

type Params = Record<string, string>;

/**
 * Today's accounts to chase, most urgent first as the collections service orders them; the
 * currency filter, minimum days overdue and sort are in the URL.
 */
export function WorklistView({ params }: { params: Params }) {
  const loaded = useLoad(() => getJson<WorklistAnswer>('/collections/worklist'), []);
  if (loaded.state === 'loading') return <p role="status">Loading the worklist…</p>;
  if (loaded.state === 'failed')
    return (
      <>
        <h1>Worklist</h1>
        <p role="alert">{loaded.message}</p>
      </>
    );
  const sort = (params['sort'] as WorklistSort | undefined) ?? 'urgency';
  const entries = sortWorklist(loaded.value.entries, {
    sort,
    currency: params['currency'],
    minDays: Number(params['minDays'] ?? 0),
  });
  const set = (key: string, value: string) =>
    navigate('worklist', { ...params, [key]: value || undefined });
  return (
    <>
      <h1>Worklist for {loaded.value.date}</h1>
      <WorklistFilters params={params} set={set} />
      <p role="status">{entries.length} accounts to contact</p>
      <WorklistTable entries={entries} />
    </>
  );
}

function WorklistFilters({ params, set }: { params: Params; set: (k: string, v: string) => void }) {
  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()}>
      <label for="wl-sort">Sort by</label>{' '}
      <select
        id="wl-sort"
        value={params['sort'] ?? 'urgency'}
        onChange={(e) => set('sort', (e.target as HTMLSelectElement).value)}
      >
        <option value="urgency">Urgency (amount × days overdue)</option>
        <option value="amount">Amount overdue</option>
        <option value="days">Days overdue</option>
      </select>{' '}
      <label for="wl-currency">Currency</label>{' '}
      <input
        id="wl-currency"
        size={4}
        value={params['currency'] ?? ''}
        onChange={(e) => set('currency', (e.target as HTMLInputElement).value.toUpperCase())}
      />{' '}
      <label for="wl-days">At least days overdue</label>{' '}
      <input
        id="wl-days"
        type="number"
        min={0}
        value={params['minDays'] ?? ''}
        onChange={(e) => set('minDays', (e.target as HTMLInputElement).value)}
      />
    </form>
  );
}

function WorklistTable({ entries }: { entries: WorklistEntry[] }) {
  return (
    <table data-testid="worklist">
      <caption>Accounts needing action today</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Currency</th>
          <th scope="col" class="num">
            Amount overdue
          </th>
          <th scope="col" class="num">
            Days overdue
          </th>
          <th scope="col">Invoices</th>
          <th scope="col">Next action</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={`${e.billingAccountId}-${e.currency}`} data-testid="worklist-row">
            <th scope="row">
              <a href={hrefOf('account', { account: e.billingAccountId })}>{e.billingAccountId}</a>
            </th>
            <td>{e.currency}</td>
            <td class="num">{e.amountOverdue}</td>
            <td class="num">{e.daysOverdueMax}</td>
            <td>
              {e.invoices.map((i) => (
                <a
                  key={i.invoiceId}
                  href={hrefOf('invoice', { id: i.invoiceId, account: e.billingAccountId })}
                >
                  {i.invoiceNumber}{' '}
                </a>
              ))}
            </td>
            <td>{nextActionText(e.nextAction)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function nextActionText(action: WorklistEntry['nextAction']): string {
  if (!action) return 'none';
  if (action.kind === 'follow_up') return 'follow up (all reminders sent)';
  return `${action.step} by ${action.channels?.join(', ') ?? ''} ${action.dueToday ? 'today' : `on ${action.dueOn}`}`;
}
