import { useState } from 'preact/hooks';
import { navigate } from '../lib/route';
import { signIn } from '../lib/session';

const roles = ['auditor', 'billing-clerk', 'billing-manager', 'collections-agent'] as const;

/**
 * Local sign-in: the embedded system mints a short-lived token for a chosen role (the route does
 * not exist in production mode, where a token from the identity provider is pasted instead).
 */
export function SignInView() {
  const [role, setRole] = useState<string>('auditor');
  const [pasted, setPasted] = useState('');
  const [message, setMessage] = useState<string>();
  const mint = async (e: Event) => {
    e.preventDefault();
    const response = await fetch('/console/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    if (!response.ok) return setMessage('Local sign-in is not available here; paste a token.');
    const { token } = (await response.json()) as { token: string };
    enter(token);
  };
  const enter = (token: string) => {
    const session = signIn(token);
    if (!session) return setMessage('That is not a token.');
    navigate(session.roles.includes('auditor') ? 'audit' : 'worklist');
  };
  return (
    <>
      <h1>Sign in</h1>
      <form onSubmit={mint} aria-labelledby="local-title">
        <h2 id="local-title">Local sign-in (embedded mode only)</h2>
        <label for="role">Role</label>{' '}
        <select
          id="role"
          value={role}
          onChange={(e) => setRole((e.target as HTMLSelectElement).value)}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Sign in as this role</button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          enter(pasted.trim());
        }}
        aria-labelledby="token-title"
      >
        <h2 id="token-title">With a bearer token</h2>
        <label for="token">Token</label>{' '}
        <input
          id="token"
          value={pasted}
          onInput={(e) => setPasted((e.target as HTMLInputElement).value)}
        />{' '}
        <button type="submit">Use this token</button>
      </form>
      {message && <p role="alert">{message}</p>}
    </>
  );
}
