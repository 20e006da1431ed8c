import type { Answer, Item } from '../api/answers';
import { useState } from 'preact/hooks';
import { getJson } from '../api/client';
import { hrefOf, navigate, type ViewName } from '../lib/route';

type AccountList = Answer<'/invoicing/billing-accounts'>;
type AccountRow = Item<AccountList['items']>;

/**
 * Finds a billing account by the start of its name (GET /invoicing/billing-accounts, which records
 * each account it shows in the access log), or opens one by its id.
 */
export function AccountPicker({ view, title }: { view: ViewName; title: string }) {
  const [prefix, setPrefix] = useState('');
  const [id, setId] = useState('');
  const [found, setFound] = useState<AccountRow[]>();
  const [error, setError] = useState<string>();
  const search = (e: Event) => {
    e.preventDefault();
    getJson<AccountList>('/invoicing/billing-accounts', {
      namePrefix: prefix.trim(),
      limit: '50',
    }).then(
      (page) => setFound(page.items),
      (err: unknown) => setError((err as Error).message),
    );
  };
  return (
    <>
      <h1>{title}</h1>
      <form onSubmit={search} aria-label="Find an account by name">
        <label for="account-name">Name starts with</label>{' '}
        <input
          id="account-name"
          value={prefix}
          onInput={(e) => setPrefix((e.target as HTMLInputElement).value)}
        />{' '}
        <button type="submit">Find</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {found && (
        <ul data-testid="accounts-found" aria-label="Accounts found">
          {found.length === 0 && <li>No account's name starts with that.</li>}
          {found.map((a) => (
            <li key={a.billingAccountId}>
              <a href={hrefOf(view, { account: a.billingAccountId })}>{a.legalName}</a> ·{' '}
              {a.currency} · {a.status}
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim()) navigate(view, { account: id.trim() });
        }}
        aria-label="Open an account by id"
      >
        <label for="account-id">Billing account id</label>{' '}
        <input
          id="account-id"
          value={id}
          onInput={(e) => setId((e.target as HTMLInputElement).value)}
        />{' '}
        <button type="submit">Open</button>
      </form>
    </>
  );
}
