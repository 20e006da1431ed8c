import { useState } from 'preact/hooks';
import { navigate, type ViewName } from '../lib/route';

/** Asks for a billing account id (a list of accounts comes with the list endpoints of #16). */
export function AccountPicker({ view, title }: { view: ViewName; title: string }) {
  const [id, setId] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (id.trim()) navigate(view, { account: id.trim() });
      }}
    >
      <h1>{title}</h1>
      <label for="account-id">Billing account id</label>{' '}
      <input
        id="account-id"
        value={id}
        onInput={(e) => setId((e.target as HTMLInputElement).value)}
      />{' '}
      <button type="submit">Open</button>
    </form>
  );
}
